namespace FemtoScas.Harness.Tests.Crypto;

/// <summary>Vectors are written as the RFCs print them: hex with optional spaces.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string Norm(string hex) => hex.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
