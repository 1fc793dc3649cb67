namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// The SNOW 3G keystream generator, written from ETSI/SAGE "Specification of the 3GPP
/// Confidentiality and Integrity Algorithms UEA2 &amp; UIA2, Document 2: SNOW 3G" (TS 35.216):
/// a 16-stage LFSR of 32-bit words feeding a finite state machine of three 32-bit registers
/// and the S-boxes S1 and S2 (clause 3). Key words k0..k3 and IV words
/// IV0..IV3 are as clause 4.1 (initialisation) names them; the keystream is 32-bit words z1, z2, ...
/// </summary>
internal sealed class Snow3g : IWordKeystream
{
    // The LFSR as a ring: stage i is _s[(_head + i) & 15], so a clock writes one word instead of
    // shifting fifteen.
    private readonly uint[] _s = new uint[16];
    private int _head;
    private uint _r1, _r2, _r3;

    /// <summary>Loads key and IV (clause 4.1) and runs the 32 initialisation clocks.</summary>
    public Snow3g(ReadOnlySpan<uint> k, ReadOnlySpan<uint> iv)
    {
        const uint Ones = 0xFFFF_FFFF;
        var s = _s;
        s[15] = k[3] ^ iv[0];
        s[14] = k[2];
        s[13] = k[1];
        s[12] = k[0] ^ iv[1];
        s[11] = k[3] ^ Ones;
        s[10] = k[2] ^ Ones ^ iv[2];
        s[9] = k[1] ^ Ones ^ iv[3];
        s[8] = k[0] ^ Ones;
        s[7] = k[3];
        s[6] = k[2];
        s[5] = k[1];
        s[4] = k[0];
        s[3] = k[3] ^ Ones;
        s[2] = k[2] ^ Ones;
        s[1] = k[1] ^ Ones;
        s[0] = k[0] ^ Ones;
        for (var i = 0; i < 32; i++)
        {
            ClockLfsr(ClockFsm());
        }
        // Clause 4.2: one FSM clock whose output is discarded, then keystream mode.
        ClockFsm();
        ClockLfsr(0);
    }

    /// <summary>Clause 4.2: z_t = F xor s0, then the LFSR clocks in keystream mode.</summary>
    public uint NextWord()
    {
        var f = ClockFsm();
        var z = f ^ _s[_head];
        ClockLfsr(0);
        return z;
    }

    /// <summary>Zeroes the key-derived state once the keystream is no longer needed.</summary>
    public void Clear()
    {
        Array.Clear(_s);
        _r1 = _r2 = _r3 = 0;
    }

    public void Fill(Span<uint> words) => WordKeystream.Fill(this, words);

    // Clause 3 (FSM): F = (s15 + R1) xor R2; r = R2 + (R3 xor s5); R3 = S2(R2); R2 = S1(R1); R1 = r.
    private uint ClockFsm()
    {
        var f = unchecked(Stage(15) + _r1) ^ _r2;
        var r = unchecked(_r2 + (_r3 ^ Stage(5)));
        _r3 = Snow3gTables.S2(_r2);
        _r2 = Snow3gTables.S1(_r1);
        _r1 = r;
        return f;
    }

    // Clause 3 (LFSR): v = (s0 << 8) xor MULalpha(s0 >> 24) xor s2 xor (s11 >> 8)
    // xor DIValpha(s11 & 0xff), xor F in initialisation mode (F = 0 in keystream mode).
    private void ClockLfsr(uint f)
    {
        var s0 = _s[_head];
        var s11 = Stage(11);
        var v = (s0 << 8) ^ Snow3gTables.MulAlpha[(int)(s0 >> 24)] ^ Stage(2) ^ (s11 >> 8) ^ Snow3gTables.DivAlpha[(int)(s11 & 0xFF)] ^ f;
        // s0 leaves, v becomes s15: it takes s0's slot and the ring turns by one.
        _s[_head] = v;
        _head = (_head + 1) & 15;
    }

    private uint Stage(int i) => _s[(_head + i) & 15];
}

/// <summary>
/// The SNOW 3G constants of Document 2, computed from their definitions rather than typed in:
/// SR is the Rijndael S-box, SQ the S-box from the Dickson polynomial g49; S1 and S2 mix four S-box outputs like the AES
/// MixColumns step with MULx constants 0x1B and 0x69; MULalpha and DIValpha are four MULxPOW
/// products with the constant 0xA9 each (all in clause 3).
/// </summary>
internal static class Snow3gTables
{
    private static readonly uint[] S1T = BuildMix(BuildSr(), 0x1B);
    private static readonly uint[] S2T = BuildMix(BuildSq(), 0x69);

    public static readonly uint[] MulAlpha = BuildAlpha(23, 245, 48, 239);
    public static readonly uint[] DivAlpha = BuildAlpha(16, 39, 6, 64);

    public static uint S1(uint w) => Mix(S1T, w);

    public static uint S2(uint w) => Mix(S2T, w);

    private static uint Mix(uint[] t, uint w) =>
        t[(int)(w >> 24)] ^ t[256 + (int)((w >> 16) & 0xFF)] ^ t[512 + (int)((w >> 8) & 0xFF)] ^ t[768 + (int)(w & 0xFF)];

    // Clause 3: MULx(V, c) = (V << 1) xor c if the leftmost bit of V is set, else V << 1.
    internal static byte MulX(byte v, byte c) => (byte)((v & 0x80) != 0 ? (v << 1) ^ c : v << 1);

    // Clause 3: MULxPOW(V, i, c) = MULx applied i times.
    internal static byte MulXPow(byte v, int i, byte c)
    {
        for (; i > 0; i--)
        {
            v = MulX(v, c);
        }
        return v;
    }

    private static uint[] BuildAlpha(int p0, int p1, int p2, int p3)
    {
        var t = new uint[256];
        for (var c = 0; c < 256; c++)
        {
            var b = (byte)c;
            t[c] = (uint)MulXPow(b, p0, 0xA9) << 24 | (uint)MulXPow(b, p1, 0xA9) << 16 | (uint)MulXPow(b, p2, 0xA9) << 8 | MulXPow(b, p3, 0xA9);
        }
        return t;
    }

    // S(w0 w1 w2 w3) = r0 r1 r2 r3 with, for a = S-box(wj) and m = MULx(a, c), the
    // contributions (r0, r1, r2, r3): w0 -> (m, m^a, a, a), w1 -> (a, m, m^a, a),
    // w2 -> (a, a, m, m^a), w3 -> (m^a, a, a, m). One table per input byte position.
    private static uint[] BuildMix(byte[] box, byte c)
    {
        var t = new uint[1024];
        for (var x = 0; x < 256; x++)
        {
            uint a = box[x];
            uint m = MulX(box[x], c);
            var ma = m ^ a;
            t[x] = m << 24 | ma << 16 | a << 8 | a;
            t[256 + x] = a << 24 | m << 16 | ma << 8 | a;
            t[512 + x] = a << 24 | a << 16 | m << 8 | ma;
            t[768 + x] = ma << 24 | a << 16 | a << 8 | m;
        }
        return t;
    }

    /// <summary>Rijndael S-box: multiplicative inverse in GF(2^8) mod x^8+x^4+x^3+x+1, then the affine map.</summary>
    internal static byte[] BuildSr()
    {
        var box = new byte[256];
        for (var x = 0; x < 256; x++)
        {
            var inv = x == 0 ? (byte)0 : GfPow((byte)x, 254, 0x1B);
            var b = inv;
            var r = (byte)(b ^ Rotl8(b, 1) ^ Rotl8(b, 2) ^ Rotl8(b, 3) ^ Rotl8(b, 4) ^ 0x63);
            box[x] = r;
        }
        return box;
    }

    /// <summary>
    /// SQ(x) = g49(x) xor 0x25 with g49(x) = x + x^9 + x^13 + x^15 + x^33 + x^41 + x^45 + x^47 + x^49
    /// over GF(2^8) defined by x^8+x^6+x^5+x^3+1 (Document 2 clause 3).
    /// </summary>
    internal static byte[] BuildSq()
    {
        int[] exponents = [1, 9, 13, 15, 33, 41, 45, 47, 49];
        var box = new byte[256];
        for (var x = 0; x < 256; x++)
        {
            byte g = 0;
            foreach (var e in exponents)
            {
                g ^= GfPow((byte)x, e, 0x69);
            }
            box[x] = (byte)(g ^ 0x25);
        }
        return box;
    }

    private static byte Rotl8(byte b, int n) => (byte)((b << n) | (b >> (8 - n)));

    // Multiplication in GF(2^8) with the reduction constant of the field polynomial (x^8 term dropped).
    private static byte GfMul(byte a, byte b, byte reduce)
    {
        byte p = 0;
        for (; b != 0; b >>= 1)
        {
            if ((b & 1) != 0)
            {
                p ^= a;
            }
            a = MulX(a, reduce);
        }
        return p;
    }

    private static byte GfPow(byte a, int e, byte reduce)
    {
        byte r = 1;
        for (; e > 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                r = GfMul(r, a, reduce);
            }
            a = GfMul(a, a, reduce);
        }
        return r;
    }
}
