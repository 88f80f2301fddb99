namespace VolunteerGrid.Coordinator.Notifications;

/// <summary>
/// How often and how long a webhook notice is retried: <see cref="MaxAttempts"/> attempts, waiting
/// 10 s, 20 s, 40 s, 80 s and 160 s between them (exponential backoff, about 5 minutes in all), so a
/// receiver that is briefly down or restarting still gets the notice.
/// </summary>
public static class WebhookPolicy
{
    public const int MaxAttempts = 6;

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>One attempt may take this long; a receiver that hangs counts as a failed attempt.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the given number of failed attempts (1-based).</summary>
    public static TimeSpan DelayAfter(int failedAttempts) =>
        FirstRetryDelay * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 16));
}
