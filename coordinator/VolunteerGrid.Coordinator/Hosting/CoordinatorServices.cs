using Microsoft.Extensions.DependencyInjection.Extensions;
using VolunteerGrid.Coordinator.Assembly;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Dashboard;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Duties;
using VolunteerGrid.Coordinator.Notifications;
using VolunteerGrid.Coordinator.Observability;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Coordinator.Hosting;

/// <summary>Registers the coordinator's services. Time, randomness and kinds are overridable (register yours first).</summary>
public static class CoordinatorServices
{
    public static IServiceCollection AddCoordinator(this IServiceCollection services, CoordinatorOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(KindRegistry.Default);
        services.TryAddSingleton(new GridRandom());
        // A factory, not an instance: the container then disposes the dialect (PostgreSQL's pool).
        services.TryAddSingleton<SqlDialect>(_ => options.CreateDialect());
        services.AddSingleton<GridDatabase>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<FileStore>();
        services.AddSingleton<GridMetrics>();
        services.AddSingleton<DutySignal>();
        services.AddSingleton<DutyLeases>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<HostRegistry>();
        services.AddSingleton<ProjectSigning>();
        services.AddSingleton<ManifestIssuer>();
        services.AddSingleton<CampaignSubmitter>();
        services.AddSingleton<CampaignQueries>();
        services.AddSingleton<DispatchService>();
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton<ResultIntake>();
        services.AddSingleton<ResultValidator>();
        services.AddSingleton<CampaignAssembler>();
        services.AddSingleton<GridDuties>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddDashboard();
        services.AddSingleton<HostQueries>();
        services.AddSingleton<PrometheusWriter>();
        services.AddHostedService<GridDutyService>();
        return services;
    }

    /// <summary>
    /// Prepares DATA before serving: folders, schema migrations, leftovers of a killed process
    /// (temp folders, partial uploads) removed, the admin key written.
    /// </summary>
    public static async Task InitializeCoordinatorAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<CoordinatorOptions>();
        Directory.CreateDirectory(options.DataDirectory);
        if (Directory.Exists(options.TempDirectory))
            Directory.Delete(options.TempDirectory, recursive: true);
        Directory.CreateDirectory(options.TempDirectory);
        await Migrator.MigrateAsync(services.GetRequiredService<GridDatabase>(), services.GetRequiredService<TimeProvider>(), cancellationToken);
        services.GetRequiredService<FileStore>().RemoveAbandonedUploads();
        await services.GetRequiredService<ApiKeyStore>().EnsureAdminKeyAsync(cancellationToken);
        _ = services.GetRequiredService<ProjectSigning>();
    }
}
