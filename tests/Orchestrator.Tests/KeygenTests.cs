using System.Runtime.Versioning;
using System.Text;
using LnRelay.Crypto;

namespace LnRelay.Orchestrator.Tests;

/// <summary>Key files are a Unix-permissions matter (mode 0600).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeygenTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-keygen-").FullName;

    [Fact]
    public async Task Keygen_WritesSixtyFourHexCharacters_Mode0600_AndPrintsTheNodeId()
    {
        var path = Path.Combine(_folder, "node.key");
        var (exit, cli) = await StsCliProcess.RunAsync(_folder, "keygen", "--out", path);
        using (cli)
        {
            Assert.Equal(0, exit);
            var content = File.ReadAllText(path);
            Assert.Matches("^[0-9a-f]{64}\n$", content);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            using var key = PrivateKey.Create(Convert.FromHexString(content.Trim()));
            var line = Assert.Single(cli.Lines);
            Assert.Equal(key.PublicKey.ToHex(), line.GetProperty("node_id").GetString());
            Assert.DoesNotContain(content.Trim(), line.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Keygen_RefusesToOverwrite_UnlessForced()
    {
        var path = Path.Combine(_folder, "node.key");
        File.WriteAllText(path, "keep me");
        var (exit, cli) = await StsCliProcess.RunAsync(_folder, "keygen", "--out", path);
        cli.Dispose();
        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Equal("keep me", File.ReadAllText(path));

        (exit, cli) = await StsCliProcess.RunAsync(_folder, "keygen", "--out", path, "--force");
        cli.Dispose();
        Assert.Equal(0, exit);
        Assert.Matches("^[0-9a-f]{64}\n$", File.ReadAllText(path));
        // The temporary file was renamed into place: nothing else is left beside the key.
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Keygen_Help_ExplainsWithAnExample()
    {
        var (exit, cli) = await StsCliProcess.RunAsync(_folder, "keygen", "--help");
        using (cli)
        {
            Assert.Equal(0, exit);
            Assert.Contains(cli.Lines, l => l.ToString().Contains("Example: lnrelay keygen --out", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void KeyFile_WriteThenRead_GivesTheSameKey()
    {
        var path = Path.Combine(_folder, "k");
        using var key = PrivateKey.Generate();
        KeyFile.Write(path, key, overwrite: false);

        Assert.Equal(KeyFileError.None, KeyFile.Read(path, out var read, out _));
        using (read)
        {
            Assert.Equal(key.PublicKey, read!.PublicKey);
        }

        Assert.Throws<IOException>(() => KeyFile.Write(path, key, overwrite: false));
    }

    [Theory]
    [InlineData(null, "Missing")]
    [InlineData("zz", "BadHex")]
    [InlineData("0102", "WrongLength")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "InvalidKey")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "InvalidKey")]
    public void KeyFile_Read_NamesWhatIsWrong(string? content, string expected)
    {
        var path = Path.Combine(_folder, "bad.key");
        if (content is not null)
        {
            File.WriteAllText(path, content + "\n", Encoding.ASCII);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.Equal(Enum.Parse<KeyFileError>(expected), KeyFile.Read(path, out var key, out var message));
        Assert.Null(key);
        Assert.Contains(path, message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFile_ReadableByGroupOrOthers_IsRefused()
    {
        var path = Path.Combine(_folder, "open.key");
        using var key = PrivateKey.Generate();
        KeyFile.Write(path, key, overwrite: false);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal(KeyFileError.TooPermissive, KeyFile.Read(path, out var read, out var message));
        Assert.Null(read);
        Assert.Contains("chmod 600", message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
