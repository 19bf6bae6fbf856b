using System.Globalization;
using System.Text;

namespace LnRelay.Node.Logging;

/// <summary>
/// One value of a node event written without Serilog (<see cref="LogTemplate"/>): a string, a
/// boolean, an integer or null, held unboxed, so an event's values live on the caller's stack.
/// It renders as Serilog renders the same value (docs/logging.md): in the message, a string in
/// double quotes and a boolean as <c>True</c>/<c>False</c>; among the properties, JSON.
/// </summary>
internal readonly struct LogValue
{
    private readonly Kind _kind;
    private readonly string? _text;
    private readonly ulong _bits;

    private LogValue(Kind kind, string? text, ulong bits)
    {
        _kind = kind;
        _text = text;
        _bits = bits;
    }

    private enum Kind : byte
    {
        Null,
        String,
        Boolean,
        Int32,
        Int64,
        UInt32,
        UInt64,
    }

    public static implicit operator LogValue(string? text) => text is null ? default : new(Kind.String, text, 0);

    public static implicit operator LogValue(bool value) => new(Kind.Boolean, null, value ? 1UL : 0UL);

    public static implicit operator LogValue(int value) => new(Kind.Int32, null, unchecked((ulong)value));

    public static implicit operator LogValue(long value) => new(Kind.Int64, null, unchecked((ulong)value));

    public static implicit operator LogValue(uint value) => new(Kind.UInt32, null, value);

    public static implicit operator LogValue(ulong value) => new(Kind.UInt64, null, value);

    /// <summary>The value as Microsoft.Extensions.Logging takes it (boxed, of the type it was given as): the way through the bridge.</summary>
    public object? ToObject() => _kind switch
    {
        Kind.String => _text,
        Kind.Boolean => _bits != 0,
        Kind.Int32 => unchecked((int)_bits),
        Kind.Int64 => unchecked((long)_bits),
        Kind.UInt32 => (uint)_bits,
        Kind.UInt64 => _bits,
        _ => null,
    };

    /// <summary>
    /// Appends the value as <c>MessageTemplate.Render</c> shows it, inside the JSON string of the
    /// rendered message; false (nothing appended) for a string that needs JSON escaping.
    /// </summary>
    public bool TryAppendRendered(StringBuilder output)
    {
        switch (_kind)
        {
            case Kind.String when JsonText.IsPlain(_text!):
                // Render quotes a string; inside the JSON string those quotes are escaped.
                output.Append("\\\"").Append(_text).Append("\\\"");
                return true;
            case Kind.String:
                return false;
            case Kind.Boolean:
                output.Append(_bits != 0 ? bool.TrueString : bool.FalseString);
                return true;
            default:
                AppendJson(output);
                return true;
        }
    }

    /// <summary>Appends the value as <c>MessageTemplate.Render</c> shows it, unescaped.</summary>
    public void AppendRenderedText(StringBuilder output)
    {
        switch (_kind)
        {
            case Kind.String:
                output.Append('"').Append(_text!.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case Kind.Boolean:
                output.Append(_bits != 0 ? bool.TrueString : bool.FalseString);
                break;
            default:
                AppendJson(output);
                break;
        }
    }

    /// <summary>Appends the value as Serilog's JSON formatter writes a property's value.</summary>
    public void AppendJson(StringBuilder output)
    {
        switch (_kind)
        {
            case Kind.String:
                JsonText.AppendQuoted(_text!, output);
                break;
            case Kind.Boolean:
                output.Append(_bits != 0 ? "true" : "false");
                break;
            case Kind.Int32 or Kind.Int64:
                output.Append(CultureInfo.InvariantCulture, $"{unchecked((long)_bits)}");
                break;
            case Kind.UInt32 or Kind.UInt64:
                output.Append(CultureInfo.InvariantCulture, $"{_bits}");
                break;
            default:
                output.Append("null");
                break;
        }
    }
}
