using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Gateway.Profiles.Requests;

/// <summary>
/// Decodes a bounded window (head and tail) of a JSON string straight from its escaped UTF-8, lowercased,
/// so a prompt of any size is scanned at a fixed cost and without allocating the whole string.
/// </summary>
public static class JsonTextWindow
{
    /// <summary>Writes the lowercased text of <paramref name="value"/> into <paramref name="destination"/>;
    /// when the string is longer than the destination, its head and tail are kept, joined by a newline.</summary>
    /// <returns>The number of chars written.</returns>
    public static int Read(JsonElement value, Span<char> destination)
    {
        if (value.ValueKind != JsonValueKind.String || destination.Length < 2)
        {
            return 0;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1]; // the raw value keeps its quotes
        if (raw.Length <= destination.Length)
        {
            return Decode(raw, destination); // a char never takes fewer bytes than one
        }

        var head = destination.Length / 2;
        var written = Decode(raw[..SafeEnd(raw, head)], destination[..head]);
        destination[written++] = '\n';
        var tailStart = SafeStart(raw, raw.Length - (destination.Length - written));
        return written + Decode(raw[tailStart..], destination[written..]);
    }

    // Cuts before a partial escape or UTF-8 sequence at the end of the head.
    private static int SafeEnd(ReadOnlySpan<byte> raw, int end)
    {
        var backslash = raw[Math.Max(0, end - 6)..end].LastIndexOf((byte)'\\');
        if (backslash >= 0)
        {
            end = Math.Max(0, end - 6) + backslash;
        }

        while (end > 0 && (raw[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return end;
    }

    // Moves forward past a partial escape or UTF-8 sequence at the start of the tail.
    private static int SafeStart(ReadOnlySpan<byte> raw, int start)
    {
        var lookBack = Math.Max(0, start - 5);
        var backslash = raw[lookBack..start].LastIndexOf((byte)'\\');
        if (backslash >= 0)
        {
            var at = lookBack + backslash;
            start = at + 1 < raw.Length && raw[at + 1] == 'u' ? Math.Min(raw.Length, at + 6) : Math.Min(raw.Length, at + 2);
        }

        while (start < raw.Length && (raw[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return start;
    }

    private static int Decode(ReadOnlySpan<byte> source, Span<char> destination)
    {
        var written = 0;
        var i = 0;
        while (i < source.Length && written < destination.Length)
        {
            var b = source[i];
            if (b == '\\')
            {
                if (i + 1 >= source.Length)
                {
                    break;
                }

                var escaped = source[i + 1];
                if (escaped == 'u')
                {
                    if (i + 6 > source.Length || !TryParseHex(source.Slice(i + 2, 4), out var code))
                    {
                        break;
                    }

                    destination[written++] = char.ToLowerInvariant(code);
                    i += 6;
                    continue;
                }

                destination[written++] = escaped switch
                {
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    (byte)'b' or (byte)'f' => ' ',
                    _ => (char)escaped,
                };
                i += 2;
            }
            else if (b < 0x80)
            {
                destination[written++] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b);
                i++;
            }
            else
            {
                Rune.DecodeFromUtf8(source[i..], out var rune, out var consumed);
                i += Math.Max(consumed, 1);
                rune = Rune.ToLowerInvariant(rune);
                if (rune.Utf16SequenceLength > destination.Length - written)
                {
                    break;
                }

                written += rune.EncodeToUtf16(destination[written..]);
            }
        }

        return written;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> hex, out char value)
    {
        var result = 0;
        foreach (var h in hex)
        {
            var digit = h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => h - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                value = default;
                return false;
            }

            result = (result << 4) | digit;
        }

        value = (char)result;
        return true;
    }
}
