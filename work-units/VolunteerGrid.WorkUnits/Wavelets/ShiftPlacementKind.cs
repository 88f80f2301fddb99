namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>See <see cref="ShiftPlacement"/>.</summary>
internal enum ShiftPlacementKind
{
    Copy,
    Add,
    AddAndDivide,
}
