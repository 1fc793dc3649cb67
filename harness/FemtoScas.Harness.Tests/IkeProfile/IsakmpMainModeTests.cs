using System.Buffers.Binary;
using FemtoScas.Harness.Ike.V1;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeProfile;

/// <summary>The IKEv1 Main Mode probe message (RFC 2408 3.1, 3.4-3.6; RFC 2409) and the classification of answers.</summary>
[TestFixture]
public sealed class IsakmpMainModeTests
{
    private static readonly byte[] Cookie = [1, 2, 3, 4, 5, 6, 7, 8];

    [Test]
    public void The_first_message_has_an_ISAKMP_header_and_one_proposal_with_one_transform()
    {
        var m = IsakmpMainMode.FirstMessage(Cookie);
        Assert.Multiple(() =>
        {
            Assert.That(m[..8], Is.EqualTo(Cookie));
            Assert.That(BinaryPrimitives.ReadUInt64BigEndian(m.AsSpan(8)), Is.Zero, "responder cookie");
            Assert.That(m[16], Is.EqualTo(1), "next payload SA");
            Assert.That(m[17], Is.EqualTo(0x10), "version 1.0");
            Assert.That(m[18], Is.EqualTo(2), "Identity Protection (Main Mode)");
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(m.AsSpan(24)), Is.EqualTo((uint)m.Length));
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(m.AsSpan(28 + 2)), Is.EqualTo(m.Length - 28), "SA payload length");
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(m.AsSpan(28 + 4)), Is.EqualTo(1u), "DOI IPsec");
            Assert.That(m[28 + 12 + 5], Is.EqualTo(1), "PROTO_ISAKMP");
            Assert.That(m[28 + 12 + 7], Is.EqualTo(1), "one transform");
            Assert.That(IsakmpMainMode.IsFirstMessage(m), Is.True);
            Assert.That(IsakmpMainMode.Classify(m), Is.EqualTo(IkeV1Answer.Unparsable), "a first message (zero responder cookie) is no response");
        });
    }

    [Test]
    public void Answers_are_classified_by_version_and_exchange()
    {
        var request = IsakmpMainMode.FirstMessage(Cookie);
        var accepting = IsakmpMainMode.AcceptingResponse(request, [9, 9, 9, 9, 9, 9, 9, 9]);
        var v2 = (byte[])accepting.Clone();
        v2[17] = 0x20;
        var informational = (byte[])accepting.Clone();
        informational[18] = 5;
        Assert.Multiple(() =>
        {
            Assert.That(IsakmpMainMode.Classify(accepting), Is.EqualTo(IkeV1Answer.MainModeResponse));
            Assert.That(accepting[..8], Is.EqualTo(Cookie), "the initiator cookie is echoed");
            Assert.That(IsakmpMainMode.Classify(v2), Is.EqualTo(IkeV1Answer.V2Message));
            Assert.That(IsakmpMainMode.Classify(informational), Is.EqualTo(IkeV1Answer.V1Notification));
            Assert.That(IsakmpMainMode.Classify(new byte[10]), Is.EqualTo(IkeV1Answer.Unparsable));
        });
    }
}
