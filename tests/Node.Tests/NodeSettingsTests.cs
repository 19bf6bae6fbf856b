using LnRelay.Node.Hosting;
using LnRelay.Node.Store;
using Microsoft.Extensions.Configuration;

namespace LnRelay.Node.Tests;

/// <summary>Start-up settings: a bad value is refused with a message naming the setting and what to use.</summary>
public sealed class NodeSettingsTests
{
    [Theory]
    [InlineData("0", true)]
    [InlineData("3", true)]
    [InlineData("500", true)]
    [InlineData("1", false)]
    [InlineData("2", false)]
    [InlineData("-1", false)]
    [InlineData("many", false)]
    public void DropPeerAfterMessages_IsOffOrAtLeastThree(string value, bool accepted)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = "node", ["Faults:DropPeerAfterMessages"] = value })
            .Build();

        var settings = NodeSettings.Bind(config, out var errors);

        Assert.Equal(accepted, settings is not null);
        if (!accepted)
        {
            Assert.Contains(errors, e => e.StartsWith("Faults:DropPeerAfterMessages", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(new[] { "--data-dir", "node" }, false)]
    [InlineData(new[] { "--data-dir", "node", "--in-memory" }, true)]
    [InlineData(new[] { "--in-memory", "--data-dir", "node" }, true)]
    [InlineData(new[] { "--data-dir", "node", "--in-memory=false" }, false)]
    public void The_store_is_durable_unless_in_memory_is_asked_for(string[] args, bool inMemory)
    {
        var config = new ConfigurationBuilder().AddCommandLine(NodeSettings.ExpandFlags(args), NodeSettings.SwitchMappings).Build();
        var settings = NodeSettings.Bind(config, out var errors);
        Assert.Empty(errors);
        Assert.Equal(inMemory, settings!.InMemory);
    }

    [Fact]
    public void A_bad_in_memory_value_names_the_setting()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = "node", ["Store:InMemory"] = "sometimes" })
            .Build();
        Assert.Null(NodeSettings.Bind(config, out var errors));
        Assert.Contains(errors, e => e.StartsWith("Store:InMemory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, StoreSynchronous.Full)]
    [InlineData("full", StoreSynchronous.Full)]
    [InlineData("NORMAL", StoreSynchronous.Normal)]
    [InlineData("normal", StoreSynchronous.Normal)]
    public void The_sync_level_is_full_unless_normal_is_asked_for(string? value, StoreSynchronous expected)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = "node", ["Store:Synchronous"] = value })
            .Build();
        var settings = NodeSettings.Bind(config, out var errors);
        Assert.Empty(errors);
        Assert.Equal(expected, settings!.Synchronous);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("extra")]
    [InlineData("1")]
    public void A_sync_level_other_than_full_or_normal_is_refused_with_both_named(string value)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = "node", ["Store:Synchronous"] = value })
            .Build();
        Assert.Null(NodeSettings.Bind(config, out var errors));
        var error = Assert.Single(errors);
        Assert.StartsWith("Store:Synchronous", error, StringComparison.Ordinal);
        Assert.Contains("full", error, StringComparison.Ordinal);
        Assert.Contains("normal", error, StringComparison.Ordinal);
    }
}
