using System.Security.Cryptography;
using System.Text;

namespace Gateway.Security;

/// <summary>Finds which configured key (stored as its SHA-256) a presented key is, in constant time per key.</summary>
internal static class KeyRing
{
    public static string? Find(IReadOnlyDictionary<string, string> keys, string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        string? found = null;
        foreach (var (name, hex) in keys)
        {
            // Every key is compared, found or not, so the time taken does not tell which one matched.
            if (Convert.FromHexString(hex, expected, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                found = name;
            }
        }

        return found;
    }

    /// <summary>The bearer token of an Authorization header, or null.</summary>
    public static string? Bearer(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
}
