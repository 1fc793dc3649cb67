using System.Security.Cryptography;

namespace FemtoScas.Harness.SmartCard.Aka;

/// <summary>
/// The MILENAGE algorithm set (TS 35.206 clause 4): f1, f1*, f2, f3, f4, f5, f5* over an
/// AES-128 kernel, with OPc computed from OP (clause 4.1) or given directly. Known answers come
/// from the TS 35.208 conformance test sets. Instances hold K and OPc and zero them on dispose.
/// </summary>
/// <remarks>
/// .NET's own AES is used (no BouncyCastle outside Crypto/). The constants r1..r5 and c1..c5 are
/// the default values of TS 35.206 clause 4.1. The kernel is one ECB encryptor made with the key and
/// reused block by block (a one-shot EncryptEcb sets up a native cipher context per block, about
/// ten times the cost of the block); a lock keeps an instance usable from several threads.
/// </remarks>
public sealed class Milenage : IDisposable
{
    private const int BlockSize = 16;
    private readonly Aes _aes;
    private readonly ICryptoTransform _kernel;
    private readonly Lock _kernelGate = new();
    private readonly byte[] _opc;

    /// <summary>Builds the function set from K and OPc (each 16 bytes).</summary>
    public Milenage(ReadOnlySpan<byte> k, ReadOnlySpan<byte> opc)
    {
        RequireLength(k, BlockSize, "K");
        RequireLength(opc, BlockSize, "OPc");
        _aes = Aes.Create();
        var key = k.ToArray();
        _aes.Key = key;
        CryptographicOperations.ZeroMemory(key);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _kernel = _aes.CreateEncryptor();
        _opc = opc.ToArray();
    }

    /// <summary>OPc = E_K(OP) xor OP (TS 35.206 clause 4.1).</summary>
    public static byte[] ComputeOpc(ReadOnlySpan<byte> k, ReadOnlySpan<byte> op)
    {
        RequireLength(k, BlockSize, "K");
        RequireLength(op, BlockSize, "OP");
        using var aes = Aes.Create();
        aes.Key = k.ToArray();
        var opc = aes.EncryptEcb(op, PaddingMode.None);
        Xor(opc, op);
        return opc;
    }

    /// <summary>f1: network authentication code MAC-A (8 bytes).</summary>
    public byte[] F1(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> sqn, ReadOnlySpan<byte> amf) =>
        Out1(rand, sqn, amf)[..8];

    /// <summary>f1*: resynchronisation code MAC-S (8 bytes).</summary>
    public byte[] F1Star(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> sqn, ReadOnlySpan<byte> amf) =>
        Out1(rand, sqn, amf)[8..];

    /// <summary>f2 (RES, 8 bytes) and f5 (AK, 6 bytes) share OUT2.</summary>
    public (byte[] Res, byte[] Ak) F2F5(ReadOnlySpan<byte> rand)
    {
        var out2 = OutN(rand, rotateBytes: 0, constant: 1);
        return (out2[8..], out2[..6]);
    }

    /// <summary>f3: confidentiality key CK (16 bytes).</summary>
    public byte[] F3(ReadOnlySpan<byte> rand) => OutN(rand, rotateBytes: 4, constant: 2);

    /// <summary>f4: integrity key IK (16 bytes).</summary>
    public byte[] F4(ReadOnlySpan<byte> rand) => OutN(rand, rotateBytes: 8, constant: 4);

    /// <summary>f5*: anonymity key for resynchronisation AK* (6 bytes).</summary>
    public byte[] F5Star(ReadOnlySpan<byte> rand) => OutN(rand, rotateBytes: 12, constant: 8)[..6];

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_opc);
        _kernel.Dispose();
        _aes.Dispose();
    }

    private byte[] Temp(ReadOnlySpan<byte> rand)
    {
        RequireLength(rand, BlockSize, "RAND");
        Span<byte> x = stackalloc byte[BlockSize];
        rand.CopyTo(x);
        Xor(x, _opc);
        var temp = Encrypt(x);
        x.Clear();
        return temp;
    }

    /// <summary>E_K of one block.</summary>
    private byte[] Encrypt(ReadOnlySpan<byte> block)
    {
        var input = block.ToArray();
        var output = new byte[BlockSize];
        lock (_kernelGate)
        {
            _kernel.TransformBlock(input, 0, BlockSize, output, 0);
        }

        CryptographicOperations.ZeroMemory(input);
        return output;
    }

    // OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc, IN1 = SQN||AMF||SQN||AMF, r1 = 64, c1 = 0.
    private byte[] Out1(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> sqn, ReadOnlySpan<byte> amf)
    {
        RequireLength(sqn, 6, "SQN");
        RequireLength(amf, 2, "AMF");
        var temp = Temp(rand);
        Span<byte> in1 = stackalloc byte[BlockSize];
        sqn.CopyTo(in1);
        amf.CopyTo(in1[6..]);
        sqn.CopyTo(in1[8..]);
        amf.CopyTo(in1[14..]);
        Xor(in1, _opc);
        Span<byte> block = stackalloc byte[BlockSize];
        RotateLeft(in1, 8, block);
        Xor(block, temp);
        var out1 = Encrypt(block);
        Xor(out1, _opc);
        CryptographicOperations.ZeroMemory(temp);
        return out1;
    }

    // OUTn = E_K(rot(TEMP xor OPc, rn) xor cn) xor OPc for n = 2..5; cn has a single bit in the last byte.
    private byte[] OutN(ReadOnlySpan<byte> rand, int rotateBytes, byte constant)
    {
        var temp = Temp(rand);
        Xor(temp, _opc);
        Span<byte> block = stackalloc byte[BlockSize];
        RotateLeft(temp, rotateBytes, block);
        block[BlockSize - 1] ^= constant;
        var output = Encrypt(block);
        Xor(output, _opc);
        CryptographicOperations.ZeroMemory(temp);
        return output;
    }

    private static void RotateLeft(ReadOnlySpan<byte> input, int bytes, Span<byte> output)
    {
        for (var i = 0; i < BlockSize; i++)
        {
            output[i] = input[(i + bytes) % BlockSize];
        }
    }

    internal static void Xor(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length)
        {
            // Only the length is named: the value may be a secret.
            throw new ArgumentException($"{name} must be {length} bytes, got {value.Length}", name);
        }
    }
}
