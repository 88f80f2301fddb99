using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VolunteerGrid.Coordinator.Hosting;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>
/// The whole coordinator application (HTTP pipeline, duties, the test sum kinds) on an in-process
/// TestServer over a temp DATA folder, with its admin key; disposing stops it and deletes the folder.
/// </summary>
internal sealed class TestServerCoordinator : IAsyncDisposable
{
    private TestServerCoordinator(string directory, WebApplication app, HttpClient client, string adminKey)
    {
        Directory = directory;
        App = app;
        Client = client;
        AdminKey = adminKey;
    }

    public string Directory { get; }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string AdminKey { get; }

    public static async Task<TestServerCoordinator> StartAsync(double idleRetrySeconds = 5)
    {
        var directory = TestGrid.NewDirectory();
        var app = await CoordinatorApp.BuildAsync(
            new CoordinatorOptions { DataDirectory = directory, DutyInterval = TimeSpan.FromMilliseconds(50), IdleRetrySeconds = idleRetrySeconds },
            configure: b =>
            {
                b.WebHost.UseTestServer();
                b.Services.AddSingleton(TestGrid.Kinds);
            });
        await app.StartAsync();
        var adminKey = (await File.ReadAllTextAsync(Path.Combine(directory, "admin.key"))).Trim();
        return new TestServerCoordinator(directory, app, app.GetTestClient(), adminKey);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
