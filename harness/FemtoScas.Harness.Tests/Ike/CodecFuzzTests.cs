using System.Diagnostics;
using FemtoScas.Harness.Ike.Codec;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>
/// Bounded property tests: the parser never throws on any octets, and the writer reproduces
/// every well-formed message it parses. Each property runs 2,000 cases.
/// </summary>
[TestFixture]
public sealed class CodecFuzzTests
{
    private const int Cases = 2000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private static readonly IkePayload[] Pool = SamplePayloads.EveryPayload().Where(p => p is not UnknownPayload).ToArray();

    /// <summary>A well-formed message built from a seed: random header, 0..8 pool payloads, fresh random data.</summary>
    private static byte[] ValidMessage(int seed)
    {
        var random = new Random(seed);
        var payloads = new List<IkePayload>();
        int count = random.Next(0, 9);
        for (int i = 0; i < count; i++)
        {
            IkePayload payload = random.Next(4) switch
            {
                0 => new NoncePayload(RandomBytes(random, random.Next(16, 257))),
                1 => new KeyExchangePayload((ushort)random.Next(1, 33), RandomBytes(random, random.Next(0, 300))),
                2 => new VendorIdPayload(RandomBytes(random, random.Next(0, 40))),
                _ => Pool[random.Next(Pool.Length)],
            };

            // SK and SKF end a chain (RFC 7296 3.14), so they can only be last.
            if (payload.Type is IkePayloadType.Encrypted or IkePayloadType.EncryptedFragment && i != count - 1)
            {
                payload = new VendorIdPayload(RandomBytes(random, 8));
            }

            payloads.Add(payload);
        }

        var flags = (IkeHeaderFlags)(random.Next(8) << 3);
        var header = IkeHeader.Create((ulong)random.NextInt64(1, long.MaxValue), (ulong)random.NextInt64(), (IkeExchangeType)random.Next(34, 38), flags, (uint)random.Next());
        return IkeMessageWriter.Write(new IkeMessage(header, payloads));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] valid, int seed)
    {
        var random = new Random(seed);
        var bytes = valid.ToList();
        int edits = random.Next(1, 6);
        for (int i = 0; i < edits && bytes.Count > 0; i++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16))); break;
                default: bytes.InsertRange(at, RandomBytes(random, random.Next(1, 8))); break;
            }
        }

        return bytes.ToArray();
    }

    private static void Run(Func<int, bool> property)
    {
        var clock = Stopwatch.StartNew();
        var config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), property));
        Assert.That(clock.Elapsed, Is.LessThan(Budget), "the property exceeded its time budget");
    }

    [Test]
    public void Parser_never_throws_on_random_octets()
    {
        Run(seed =>
        {
            var random = new Random(seed);
            var bytes = RandomBytes(random, random.Next(0, 400));
            if (bytes.Length >= IkeHeader.Size && random.Next(2) == 0)
            {
                // Half the cases get a plausible header so the payload walk is exercised too.
                bytes[IkeHeader.NextPayloadOffset] = (byte)random.Next(33, 54);
                bytes[IkeHeader.VersionOffset] = 0x20;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(IkeHeader.LengthOffset), (uint)bytes.Length);
            }

            var result = IkeMessageParser.Parse(bytes);
            return result.Message is not null || result.Findings.Count > 0;
        });
    }

    [Test]
    public void Writer_reproduces_every_generated_valid_message()
    {
        Run(seed =>
        {
            var valid = ValidMessage(seed);
            var result = IkeMessageParser.Parse(valid);
            return result.IsClean && IkeMessageWriter.Write(result.Message!).AsSpan().SequenceEqual(valid);
        });
    }

    [Test]
    public void Parser_never_throws_on_mutated_valid_messages_and_clean_parses_round_trip()
    {
        Run(seed =>
        {
            var mutated = Mutate(ValidMessage(seed), seed ^ 0x5eed);
            var result = IkeMessageParser.Parse(mutated);

            // A parse without findings must describe the octets exactly: anything the record
            // cannot carry (reserved bits, stray octets, wrong counts) has to surface as a finding.
            return (result.Message is not null || result.Findings.Count > 0)
                && (!result.IsClean || IkeMessageWriter.Write(result.Message!).AsSpan().SequenceEqual(mutated));
        });
    }
}
