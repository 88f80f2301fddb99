namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// <see cref="Length"/> consecutive columns: target columns [Target, Target + Length) read source
/// columns [Source, Source + Length). A rolled view of a row is at most two runs (split at the wrap).
/// </summary>
internal readonly record struct ColumnRun(int Target, int Source, int Length);
