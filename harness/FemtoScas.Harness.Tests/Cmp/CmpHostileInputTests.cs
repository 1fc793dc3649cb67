using System.Diagnostics;
using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Http;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Cmp;

/// <summary>
/// Hostile input to the CMP reader, the RA and the HTTP request head: a typed failure or an error
/// answer, never an exception, a hang or an allocation sized by the peer. Bounded: 1,000 cases a property.
/// </summary>
[TestFixture]
public sealed class CmpHostileInputTests
{
    private const int Cases = 1000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private static readonly Lazy<byte[]> ValidIr = new(() => { var (ir, key, _) = CmpFixtures.Ir(); key.Dispose(); return ir; });

    private static void Run(Func<int, bool> property)
    {
        var clock = Stopwatch.StartNew();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), property));
        Assert.That(clock.Elapsed, Is.LessThan(Budget), "the property exceeded its time budget");
    }

    private static byte[] Mutate(byte[] valid, int seed)
    {
        var random = new Random(seed);
        var bytes = valid.ToList();
        for (int i = 0, edits = random.Next(1, 6); i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16))); break;
                default: var extra = new byte[random.Next(1, 8)]; random.NextBytes(extra); bytes.InsertRange(at, extra); break;
            }
        }
        return [.. bytes];
    }

    [Test]
    public void Reader_and_ra_never_throw_on_mutated_requests()
    {
        var ra = CmpFixtures.NewRa();
        Run(seed =>
        {
            var input = Mutate(ValidIr.Value, seed);
            var read = CmpMessageReader.Read(input);
            Assert.That(read.Message is null != (read.Failure is null), Is.True, "a message or a failure, never both");
            // Every answer of the RA is a readable, RA-signed message.
            var answer = CmpMessageReader.Read(ra.Handle(input));
            return answer.Message is { Protected: true };
        });
    }

    [Test]
    public void Reader_never_throws_on_random_octets_behind_a_sequence_header()
    {
        Run(seed =>
        {
            var random = new Random(seed);
            var body = new byte[random.Next(0, 600)];
            random.NextBytes(body);
            byte[] input = [0x30, 0x82, (byte)(body.Length >> 8), (byte)body.Length, .. body];
            return CmpMessageReader.Read(input) is { Failure: not null } or { Message: not null };
        });
    }

    [Test]
    public void Http_head_reader_never_throws()
    {
        Run(seed =>
        {
            var random = new Random(seed);
            var text = $"POST /pkix/ HTTP/1.{random.Next(3)}\r\nContent-Length: {random.Next(-5, 100000)}\r\n";
            var bytes = System.Text.Encoding.ASCII.GetBytes(text).Concat(Enumerable.Range(0, random.Next(0, 200)).Select(_ => (byte)random.Next(256))).ToArray();
            var head = HttpRequestHead.Parse(bytes);
            return head.Problem is not null || head.Method == "POST";
        });
    }

    [Test]
    public void Oversized_input_is_refused_by_its_length_before_parsing()
    {
        var garbage = new byte[1 << 20];
        new Random(6712).NextBytes(garbage);
        garbage[0] = 0x30;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var read = CmpMessageReader.Read(garbage);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.That(read.Failure!.What, Does.Contain("more than the 65536"));
        Assert.That(allocated, Is.LessThan(64 * 1024));
    }

    [Test]
    public void A_length_claiming_gigabytes_is_a_typed_failure()
    {
        byte[] input = [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x02];
        var read = CmpMessageReader.Read(input);
        Assert.That(read.Message, Is.Null);
        Assert.That(read.Failure!.Offset, Is.Not.Null);
    }
}
