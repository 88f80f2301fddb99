namespace VolunteerGrid.Coordinator.Storage;

/// <summary>One schema step. <see cref="Sql"/> may use <c>{autoincrement_pk}</c> and <c>{blob}</c>, filled in by the dialect (<see cref="SqlDialect.Expand"/>).</summary>
internal sealed record Migration(int Version, string Description, string Sql);
