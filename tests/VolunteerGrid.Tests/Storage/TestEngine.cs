namespace VolunteerGrid.Tests.Storage;

/// <summary>The database engine a storage test runs against (each test suite has one fixture per engine).</summary>
public enum TestEngine
{
    Sqlite,
    Postgres,
}
