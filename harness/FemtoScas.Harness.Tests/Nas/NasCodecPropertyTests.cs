using System.Diagnostics;
using FemtoScas.Harness.Nas;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>
/// Bounded property tests of the 5GMM codec (2,000 cases each, 10 s budget): the reader never
/// throws and always says something; a decode without findings describes the octets exactly; and
/// whatever the lenient reader kept, the writer writes back so that it reads again the same.
/// </summary>
[TestFixture]
public sealed class NasCodecPropertyTests
{
    private const int Cases = 2000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);
    private static readonly byte[][] Samples = [.. NasSampleMessages.All().Select(s => FiveGmmMessageWriter.Write(s.Message))];
    private static readonly FiveGmmMessageType[] Types = [.. FiveGmmMessageRules.All.Select(r => r.Type)];

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutated(int seed)
    {
        var random = new Random(seed);
        var bytes = Samples[random.Next(Samples.Length)].ToList();
        var edits = random.Next(1, 5);
        for (var i = 0; i < edits && bytes.Count > 3; i++)
        {
            // Keep the header so the IE walk is what gets exercised.
            var at = random.Next(3, bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 8))); break;
                default: bytes.InsertRange(at, RandomBytes(random, random.Next(1, 8))); break;
            }
        }
        return [.. bytes];
    }

    private static void Run(Func<int, bool> property)
    {
        var clock = Stopwatch.StartNew();
        var config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), property));
        Assert.That(clock.Elapsed, Is.LessThan(Budget), "the property exceeded its time budget");
    }

    private static string Ies(FiveGmmMessage m) => string.Join("|", m.Ies.Select(i => $"{i.Name}={Convert.ToHexString(i.Value)}"));

    [Test]
    public void Reader_never_throws_and_always_reports_something()
    {
        Run(seed =>
        {
            var random = new Random(seed);
            var bytes = RandomBytes(random, random.Next(0, 300));
            if (bytes.Length >= 3 && random.Next(2) == 0)
            {
                bytes[0] = ExtendedProtocolDiscriminator.FiveGmm;
                bytes[1] = (byte)random.Next(0, 5);
                bytes[2] = (byte)Types[random.Next(Types.Length)];
            }
            var pdu = NasPduReader.Read(bytes);
            return pdu.Message is not null || pdu.Protected is not null || pdu.Findings.Count > 0;
        });
    }

    [Test]
    public void A_clean_decode_describes_the_octets_exactly()
    {
        Run(seed =>
        {
            var mutated = Mutated(seed);
            var findings = new List<NasFinding>();
            var message = FiveGmmMessageReader.Read(mutated, findings);
            return findings.Count > 0 || (message is not null && FiveGmmMessageWriter.Write(message).AsSpan().SequenceEqual(mutated));
        });
    }

    [Test]
    public void What_the_reader_kept_the_writer_writes_back()
    {
        Run(seed =>
        {
            var message = FiveGmmMessageReader.Read(Mutated(seed), []);
            if (message is null) return true;
            var again = FiveGmmMessageReader.Read(FiveGmmMessageWriter.Write(message), []);
            return again is not null && Ies(again) == Ies(message);
        });
    }
}
