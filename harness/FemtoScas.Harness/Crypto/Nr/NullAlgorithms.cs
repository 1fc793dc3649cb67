using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>NEA0 (TS 33.501 D.1): the keystream is all zeros, so the output is the input.</summary>
internal sealed class Nea0 : INrCipher
{
    public NrEncryptionAlgorithm Id => NrEncryptionAlgorithm.Nea0;

    public void Apply(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> source, Span<byte> destination, int lengthBits)
    {
        var octets = NrBits.Require(source, destination.Length, lengthBits);
        source[..octets].CopyTo(destination);
        NrBits.ClearTail(destination, lengthBits);
    }

    public override string ToString() => "NEA0";
}

/// <summary>NIA0 (TS 33.501 D.1): a MAC of 32 zero bits whatever the key and message.</summary>
internal sealed class Nia0 : INrIntegrity
{
    public NrIntegrityAlgorithm Id => NrIntegrityAlgorithm.Nia0;

    public uint ComputeMac(ReadOnlySpan<byte> key, NrSecurityInput input, ReadOnlySpan<byte> message, int lengthBits)
    {
        NrBits.Require(message, int.MaxValue, lengthBits);
        return 0;
    }

    public override string ToString() => "NIA0";
}
