using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas.Security;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>
/// Test-only 128-NIA2 (AES-CMAC) and 128-NEA2 (AES-CTR) (TS 33.501 D.3.1.3 / D.2.1.3, i.e.
/// TS 33.401 B.2.3 / B.1.3), so the NAS framing is checked with a real algorithm before the crypto
/// seam's own implementations land. Checked against TS 33.401 C.2.2 and C.1.3 below.
/// </summary>
internal sealed class TestNia2(byte[] key) : INrKeyedIntegrity
{
    public int AlgorithmId => 2;

    public uint ComputeMac(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> message)
    {
        // M = COUNT[0..31] | BEARER[0..4] | DIRECTION | 0^26 | MESSAGE (TS 33.401 B.2.3)
        var m = new byte[8 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(m, count);
        m[4] = (byte)((bearer << 3) | ((byte)direction << 2));
        message.CopyTo(m.AsSpan(8));
        var cmac = new CMac(new AesEngine());
        cmac.Init(new KeyParameter(key));
        cmac.BlockUpdate(m, 0, m.Length);
        var t = new byte[16];
        cmac.DoFinal(t, 0);
        return BinaryPrimitives.ReadUInt32BigEndian(t);
    }
}

internal sealed class TestNea2(byte[] key) : INrKeyedCipher
{
    public int AlgorithmId => 2;

    public void Apply(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // T1 = COUNT | BEARER | DIRECTION | 0^26 | 0^64, incremented per block (TS 33.401 B.1.3)
        var counter = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(counter, count);
        counter[4] = (byte)((bearer << 3) | ((byte)direction << 2));
        using var aes = Aes.Create();
        aes.Key = key;
        var block = new byte[16];
        for (var i = 0; i < input.Length; i += 16)
        {
            aes.EncryptEcb(counter, block, PaddingMode.None);
            for (var j = 0; j < 16 && i + j < input.Length; j++) output[i + j] = (byte)(input[i + j] ^ block[j]);
            var low = BinaryPrimitives.ReadUInt64BigEndian(counter.AsSpan(8)) + 1;
            BinaryPrimitives.WriteUInt64BigEndian(counter.AsSpan(8), low);
        }
    }
}

/// <summary>A deliberately simple stand-in MAC (HMAC-SHA-256 over the NIA inputs, truncated) to test framing independently of AES.</summary>
internal sealed class FakeIntegrity(byte[] key, int id = 15) : INrKeyedIntegrity
{
    public int AlgorithmId => id;

    public List<(uint Count, byte Bearer, NrDirection Direction, byte[] Message)> Calls { get; } = [];

    public uint ComputeMac(uint count, byte bearer, NrDirection direction, ReadOnlySpan<byte> message)
    {
        Calls.Add((count, bearer, direction, message.ToArray()));
        var input = new byte[6 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(input, count);
        input[4] = bearer;
        input[5] = (byte)direction;
        message.CopyTo(input.AsSpan(6));
        return BinaryPrimitives.ReadUInt32BigEndian(HMACSHA256.HashData(key, input));
    }
}
