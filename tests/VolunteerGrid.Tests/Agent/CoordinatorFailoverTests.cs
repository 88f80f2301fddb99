using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using VolunteerGrid.Agent;
using VolunteerGrid.Agent.Work;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Tests.Agent;

public sealed class CoordinatorFailoverTests
{
    private static readonly Uri A = new("http://replica-a:5080/");
    private static readonly Uri B = new("http://replica-b:5081/");

    [Fact]
    public async Task RequestWork_FirstReplicaDown_GoesToTheNextAndStaysThere()
    {
        var handler = new ReplicaHandler { Down = { A.Authority } };
        var client = new CoordinatorClient(new HttpClient(handler), [A, B]) { Token = "secret" };

        var first = await client.RequestWorkAsync(Request(), CancellationToken.None);
        var second = await client.RequestWorkAsync(Request(), CancellationToken.None);

        Assert.Equal(2.5, first.RetryAfterSeconds);
        Assert.Equal(2.5, second.RetryAfterSeconds);
        Assert.Equal(B, client.BaseAddress);
        // One failed try on A, then everything on B, each with the host token.
        Assert.Equal([A.Authority, B.Authority, B.Authority], handler.Calls.Select(c => c.Authority));
        Assert.All(handler.Calls, c => Assert.Equal("secret", c.Token));
    }

    [Fact]
    public async Task RequestWork_EveryReplicaDown_FailsOnceNamingAllForTheCallerToBackOff()
    {
        var handler = new ReplicaHandler { Down = { A.Authority, B.Authority } };
        var client = new CoordinatorClient(new HttpClient(handler), [A, B]);

        var e = await Assert.ThrowsAsync<CoordinatorUnavailableException>(() => client.RequestWorkAsync(Request(), CancellationToken.None));

        Assert.Contains("all 2 coordinators are unreachable", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Calls.Count); // each replica once: no spinning
        handler.Down.Remove(A.Authority);
        await client.RequestWorkAsync(Request(), CancellationToken.None); // A is back: found on the next try
    }

    [Fact]
    public async Task RequestWork_ReplicaRejectsRequest_DoesNotFailOver()
    {
        var handler = new ReplicaHandler { Rejecting = { A.Authority } };
        var client = new CoordinatorClient(new HttpClient(handler), [A, B]);

        await Assert.ThrowsAsync<CoordinatorRejectedException>(() => client.RequestWorkAsync(Request(), CancellationToken.None));

        Assert.Equal(A, client.BaseAddress); // a 4xx is the request's fault, not the replica's
        Assert.Single(handler.Calls);
    }

    [Theory]
    [InlineData("--coordinator", "http://a:1,http://b:2")]
    [InlineData("--coordinator", "http://a:1", "--coordinator", "http://b:2")]
    [InlineData("--coordinator", "http://a:1, http://b:2", "--coordinator", "http://a:1")] // duplicates kept once
    public void Bind_SeveralCoordinatorUrls_FirstIsPrimaryAndTheRestFailover(params string[] coordinatorArguments)
    {
        var set = new AgentOptionSet();
        var command = new RootCommand();
        set.AddTo(command);

        var options = set.Bind(command.Parse([.. coordinatorArguments, "--data", "d"]));

        Assert.Equal(new Uri("http://a:1"), options.Coordinator);
        Assert.Equal([new Uri("http://a:1"), new Uri("http://b:2")], options.AllCoordinators);
    }

    private static WorkRequest Request() =>
        new(new HostCapabilities(1, 256, [new KindVersion("k", 1)], [], 100), [], 1);

    private sealed class ReplicaHandler : HttpMessageHandler
    {
        public HashSet<string> Down { get; } = [];

        public HashSet<string> Rejecting { get; } = [];

        public List<(string Authority, string? Token)> Calls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authority = request.RequestUri!.Authority;
            lock (Calls)
                Calls.Add((authority, request.Headers.Authorization?.Parameter));
            if (Down.Contains(authority))
                throw new HttpRequestException($"Connection refused ({authority})");
            if (Rejecting.Contains(authority))
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = JsonContent.Create(new WorkResponse([], 2.5), GridJsonContext.Default.WorkResponse),
            });
        }
    }
}
