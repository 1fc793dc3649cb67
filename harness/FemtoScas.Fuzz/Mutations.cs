using System.Buffers.Binary;

namespace FemtoScas.Fuzz;

/// <summary>
/// Deterministic mutations for the bounded in-process replay (CI): the havoc-style edits AFL++
/// makes (bit flips, interesting values, length fields set to extremes, inserted, deleted and
/// duplicated runs, splices of two seeds), without coverage feedback. A fixed seed gives the
/// same inputs on every run, so a failure replays.
/// </summary>
public static class Mutations
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x20, 0x40];
    private static readonly uint[] InterestingWords = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];

    /// <summary><paramref name="count"/> mutants of <paramref name="seeds"/>, generated from <paramref name="randomSeed"/>.</summary>
    public static IEnumerable<byte[]> Of(IReadOnlyList<byte[]> seeds, int count, int randomSeed)
    {
        if (seeds.Count == 0) yield break;
        var random = new Random(randomSeed);
        for (var i = 0; i < count; i++)
        {
            var input = seeds[random.Next(seeds.Count)].ToList();
            var edits = 1 << random.Next(4);
            for (var e = 0; e < edits; e++) Edit(input, seeds, random);
            yield return input.ToArray();
        }
    }

    private static void Edit(List<byte> input, IReadOnlyList<byte[]> seeds, Random random)
    {
        var at = input.Count == 0 ? 0 : random.Next(input.Count);
        switch (random.Next(9))
        {
            case 0 when input.Count > 0:
                input[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when input.Count > 0:
                input[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                break;
            case 2 when input.Count >= 2:
            {
                var word = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(word, InterestingWords[random.Next(InterestingWords.Length)]);
                var width = random.Next(2) == 0 ? 2 : 4;
                at = Math.Min(at, input.Count - Math.Min(width, input.Count));
                for (var k = 0; k < width && at + k < input.Count; k++) input[at + k] = word[4 - width + k];
                break;
            }
            case 3 when input.Count > 0:
                input[at] = (byte)(input[at] + random.Next(-35, 36));
                break;
            case 4:
            {
                var extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                input.InsertRange(at, extra);
                break;
            }
            case 5 when input.Count > 1:
                input.RemoveRange(at, random.Next(1, Math.Min(64, input.Count - at) + 1));
                break;
            case 6 when input.Count > 1:
            {
                var length = random.Next(1, Math.Min(256, input.Count - at) + 1);
                input.InsertRange(random.Next(input.Count), input.GetRange(at, length));
                break;
            }
            case 7:
            {
                var other = seeds[random.Next(seeds.Count)];
                var cut = other.Length == 0 ? 0 : random.Next(other.Length);
                input.RemoveRange(at, input.Count - at);
                input.AddRange(other.AsSpan(cut).ToArray());
                break;
            }
            case 8 when input.Count > 0:
                input.RemoveRange(at, input.Count - at);
                break;
            default:
                input.Add((byte)random.Next(256));
                break;
        }
    }
}
