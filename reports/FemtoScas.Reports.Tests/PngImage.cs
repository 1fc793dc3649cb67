using System.Buffers.Binary;
using System.IO.Compression;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// Just enough of PNG (RFC 2083) to count the colours of a browser screenshot: 8-bit RGB or
/// RGBA, not interlaced, the five scanline filters undone.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public byte[] Pixels { get; }

    public static PngImage Decode(byte[] file)
    {
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(Signature))
            throw new InvalidDataException("not a PNG: the signature is wrong");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var pos = 8;
        while (pos + 8 <= file.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    var bitDepth = data[8];
                    var colourType = data[9];
                    var interlace = data[12];
                    if (bitDepth != 8 || interlace != 0 || colourType is not (2 or 6))
                        throw new InvalidDataException($"PNG variant not handled: depth {bitDepth}, colour type {colourType}, interlace {interlace}");
                    channels = colourType == 6 ? 4 : 3;
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    pos = file.Length;
                    continue;
            }
            pos += 12 + length; // length, type, data, CRC
        }
        if (width == 0 || height == 0) throw new InvalidDataException("PNG has no IHDR");
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        return new PngImage(width, height, channels, Unfilter(raw.ToArray(), width, height, channels));
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp)
    {
        var stride = width * bpp;
        if (raw.Length < height * (stride + 1)) throw new InvalidDataException("PNG image data is shorter than its header says");
        var output = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = y * (stride + 1) + 1;
            var row = y * stride;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? output[row + x - bpp] : 0;
                int b = y > 0 ? output[row - stride + x] : 0;
                int c = x >= bpp && y > 0 ? output[row - stride + x - bpp] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"unknown PNG filter {filter} on row {y}"),
                };
                output[row + x] = (byte)(raw[src + x] + predictor);
            }
        }
        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    public int DistinctColours()
    {
        var seen = new HashSet<int>();
        for (var i = 0; i + 2 < Pixels.Length; i += Channels)
            seen.Add(Pixels[i] << 16 | Pixels[i + 1] << 8 | Pixels[i + 2]);
        return seen.Count;
    }
}
