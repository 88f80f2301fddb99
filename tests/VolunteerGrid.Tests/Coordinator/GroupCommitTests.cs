using VolunteerGrid.Coordinator;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>Concurrent writes that share a commit keep their own outcome, and leases stay distinct.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task WriteAsync_OneOfABatchThrows_OnlyItsWorkIsRolledBack()
    {
        await using var grid = await TestGrid.StartAsync();
        var commits = grid.Get<GroupCommit>();
        var hosts = new List<string>();
        for (var i = 0; i < 12; i++)
            hosts.Add((await grid.RegisterAsync($"h{i}")).HostId);

        // The first write holds the transaction open until the others have queued behind it, so
        // they run together as one batch (each in its own savepoint) when it commits.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = hosts.Select((id, i) => commits.WriteAsync(async tx =>
        {
            if (i == 0)
                await release.Task;
            await tx.ExecAsync("UPDATE hosts SET valid_results = 7 WHERE id = @h", ("@h", id));
            if (i % 3 == 1)
                throw GridException.Conflict($"host {i} refused");
            return i;
        })).ToList();
        release.SetResult();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (Value: await w, Failed: false);
            }
            catch (GridException)
            {
                return (Value: -1, Failed: true);
            }
        }));

        for (var i = 0; i < hosts.Count; i++)
        {
            Assert.Equal(i % 3 == 1, outcomes[i].Failed);
            var stored = await grid.CountAsync("SELECT valid_results FROM hosts WHERE id = @h", ("@h", hosts[i]));
            Assert.Equal(i % 3 == 1 ? 0 : 7, stored);
            if (!outcomes[i].Failed)
                Assert.Equal(i, outcomes[i].Value);
        }
    }

    [Fact]
    public async Task WriteAsync_InsideAnotherGroupWrite_FailsInsteadOfWaitingForever()
    {
        await using var grid = await TestGrid.StartAsync();
        var commits = grid.Get<GroupCommit>();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => commits.WriteAsync(_ => commits.WriteAsync(_ => Task.CompletedTask)));

        Assert.Contains("inside another", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestWork_ManyHostsAtOnce_EachUnitGoesToTwoDistinctHostsAndNoMore()
    {
        await using var grid = await TestGrid.StartAsync(options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, InitialInProgressQuota = 4 });
        await grid.SubmitSumAsync([.. Enumerable.Range(0, 20).Select(i => (double)i)], chunk: 1);
        var hosts = new List<VolunteerGrid.Coordinator.Security.HostIdentity>();
        for (var i = 0; i < 16; i++)
            hosts.Add(await grid.RegisterAsync($"h{i}"));

        // Hold a group write open so all sixteen requests queue and are leased in one batch.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = grid.Get<GroupCommit>().WriteAsync(async _ =>
        {
            await release.Task;
            return 0;
        });
        var requests = hosts.Select(h => grid.RequestAsync(h, maxUnits: 4)).ToList();
        release.SetResult();
        await holder;
        var leases = await Task.WhenAll(requests);

        var all = leases.SelectMany((units, i) => units.Select(u => (Unit: u.UnitId, Host: hosts[i].HostId))).ToList();
        Assert.Equal(40, all.Count); // 20 chunk units × quorum 2; the total waits for them
        Assert.All(all.GroupBy(l => l.Unit), g => Assert.Equal(2, g.Select(l => l.Host).Distinct().Count()));
        Assert.Equal(40, await grid.CountAsync("SELECT COUNT(*) FROM results"));
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM units WHERE needed <> 0 AND state <> 0"));
    }
}
