using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// A SecureRandom whose output depends only on a seed and a label, so that the test PKI's keys
/// come out identical on every run and machine. Each key gets its own stream (seed + name), so
/// adding a certificate to the plan never changes another one's key. Test fixtures only: a
/// fixed seed gives no secrecy at all.
/// </summary>
internal static class DeterministicRandom
{
    public static SecureRandom For(string seed, string label)
    {
        // No auto-seeding: the constructor taking a generator leaves the state exactly as seeded.
        var generator = new DigestRandomGenerator(new Sha256Digest());
        generator.AddSeedMaterial(Encoding.UTF8.GetBytes(seed + "\n" + label));
        return new SecureRandom(generator);
    }
}
