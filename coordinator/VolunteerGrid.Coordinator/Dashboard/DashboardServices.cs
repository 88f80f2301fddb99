namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>Registers the dashboard's read model and preview renderer.</summary>
public static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DashboardQueries>();
        services.AddSingleton<PreviewRenderer>();
        return services;
    }
}
