namespace VolunteerGrid.Coordinator.Storage;

/// <summary>The database server cannot be reached or refuses the login; the message is one line naming it and why.</summary>
public sealed class DatabaseUnavailableException(string message, Exception innerException) : Exception(message, innerException);
