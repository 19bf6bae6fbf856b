using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Tests.Messages;

public sealed class PrintableTextTests
{
    [Fact]
    public void PrintableAscii_IsShownAsIs()
    {
        Assert.Equal("channel closed: fee 10 < 20", PrintableText.Render("channel closed: fee 10 < 20"u8));
        Assert.True(PrintableText.IsPrintableAscii("abc ~"u8));
    }

    [Fact]
    public void ControlAndHighBytes_AreEscaped_SoATerminalCannotBeDriven()
    {
        Assert.Equal("a\\x1b[2Jb\\x0a\\xff\\x5c", PrintableText.Render([(byte)'a', 0x1b, (byte)'[', (byte)'2', (byte)'J', (byte)'b', 0x0a, 0xff, (byte)'\\']));
        Assert.False(PrintableText.IsPrintableAscii([0x7f]));
    }

    [Fact]
    public void LongData_IsCut()
    {
        var text = PrintableText.Render(new byte[PrintableText.MaxRenderedBytes + 10]);
        Assert.EndsWith("… (10 more bytes)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorFromText_SendsOnlyPrintableAscii()
    {
        var error = ErrorMessage.FromText(ChannelId.All, "bad\u0007 é");
        Assert.True(PrintableText.IsPrintableAscii(error.Data.Span));
        Assert.Equal("bad? ?", error.DataText);
    }
}
