using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.V1;
using FemtoScas.Harness.Roles.Segw;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeProfile;

/// <summary>The IKEv1 Main Mode probe message (RFC 2408 3.1, 3.4-3.6, 3.14; RFC 2409), the reading of answers and the probe's judgement.</summary>
[TestFixture]
public sealed class IsakmpMainModeTests
{
    private static readonly byte[] Cookie = [1, 2, 3, 4, 5, 6, 7, 8];

    [Test]
    public void The_first_message_offers_every_probe_transform_as_alternatives_in_one_proposal()
    {
        var m = IsakmpMainMode.FirstMessage(Cookie);
        var offered = IsakmpMainMode.OfferedTransforms;
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
            Assert.That(m[28 + 12 + 7], Is.EqualTo(offered.Count), "transform count");
            Assert.That(offered.Count, Is.GreaterThanOrEqualTo(12), "several suites, not one");
            Assert.That(offered.Select(t => t.AuthMethod).Distinct(), Is.SupersetOf(new ushort[] { 1, 3 }), "pre-shared keys and RSA signatures");
            Assert.That(offered.Select(t => t.Group).Distinct(), Is.SupersetOf(new ushort[] { 1, 2, 5, 14 }));
            Assert.That(IsakmpMainMode.IsFirstMessage(m), Is.True);
            Assert.That(IsakmpMainMode.Classify(m), Is.EqualTo(IkeV1Answer.Unparsable), "a first message (zero responder cookie) is no response");
        });

        // Walk the transform chain: numbered 1..n, each KEY_IKE, "next" 3 except the last, lengths add up.
        int at = 28 + 12 + 8;
        for (int i = 0; i < offered.Count; i++)
        {
            Assert.That(m[at + 4], Is.EqualTo(i + 1), $"transform #{i + 1} number");
            Assert.That(m[at + 5], Is.EqualTo(1), "KEY_IKE");
            Assert.That(m[at], Is.EqualTo(i + 1 < offered.Count ? 3 : 0), "next payload");
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(m.AsSpan(at + 8 + 2)), Is.EqualTo(offered[i].Encryption), "first attribute: encryption");
            at += BinaryPrimitives.ReadUInt16BigEndian(m.AsSpan(at + 2));
        }
        Assert.That(at, Is.EqualTo(m.Length));
    }

    [Test]
    public void Answers_are_read_by_version_exchange_and_notify_type()
    {
        var request = IsakmpMainMode.FirstMessage(Cookie);
        var accepting = IsakmpMainMode.AcceptingResponse(request, [9, 9, 9, 9, 9, 9, 9, 9]);
        var v2 = (byte[])accepting.Clone();
        v2[17] = 0x20;
        var noProposal = IsakmpNotification.For(BinaryPrimitives.ReadUInt64BigEndian(Cookie), IsakmpNotification.NoProposalChosen);
        var truncated = noProposal[..^4];
        var lying = (byte[])noProposal.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(lying.AsSpan(28 + 2), 400); // notification length beyond the message
        Assert.Multiple(() =>
        {
            var read = IsakmpMainMode.Read(accepting);
            Assert.That(read.Kind, Is.EqualTo(IkeV1Answer.MainModeResponse));
            Assert.That(read.ChosenTransform, Is.EqualTo(1), "the accepting response keeps the first transform only");
            Assert.That(accepting[28 + 12 + 7], Is.EqualTo(1), "one transform in the answer");
            Assert.That(accepting[..8], Is.EqualTo(Cookie), "the initiator cookie is echoed");
            Assert.That(IsakmpMainMode.Classify(v2), Is.EqualTo(IkeV1Answer.V2Message));
            var np = IsakmpMainMode.Read(noProposal);
            Assert.That(np.Kind, Is.EqualTo(IkeV1Answer.V1Notification));
            Assert.That(np.NotifyName, Is.EqualTo("NO-PROPOSAL-CHOSEN"));
            Assert.That(IsakmpMainMode.Read(IsakmpNotification.InvalidMajorVersionFor(1)).NotifyName, Is.EqualTo("INVALID-MAJOR-VERSION"));
            Assert.That(IsakmpMainMode.Read(truncated).Kind, Is.EqualTo(IkeV1Answer.Unparsable), "declared length beyond the datagram");
            Assert.That(IsakmpMainMode.Read(lying).Kind, Is.EqualTo(IkeV1Answer.Unparsable), "a payload longer than the message is not read");
            Assert.That(IsakmpMainMode.Read(new byte[10]).Kind, Is.EqualTo(IkeV1Answer.Unparsable));
        });
    }

    [Test]
    public void Reading_never_throws_on_random_octets()
    {
        var random = new Random(2409);
        var template = IsakmpNotification.For(7, IsakmpNotification.NoProposalChosen);
        for (int i = 0; i < 2000; i++)
        {
            var octets = new byte[random.Next(0, 80)];
            random.NextBytes(octets);
            if (octets.Length >= 28 && i % 2 == 0)
            {
                // Mostly a plausible header so the payload walk is exercised.
                template.AsSpan(16, 3).CopyTo(octets.AsSpan(16));
                BinaryPrimitives.WriteUInt32BigEndian(octets.AsSpan(24), (uint)random.Next(0, octets.Length + 1));
            }
            Assert.That(() => IsakmpMainMode.Read(octets), Throws.Nothing, Convert.ToHexString(octets));
        }
    }

    [Test]
    public void Any_IKEv1_answer_means_IKEv1_is_spoken_and_only_silence_or_IKEv2_is_a_refusal()
    {
        var offered = IsakmpMainMode.OfferedTransforms;
        var request = IsakmpMainMode.FirstMessage(Cookie);
        var noProposal = IkeV1Probe.Judge(IsakmpMainMode.Read(IsakmpNotification.For(1, IsakmpNotification.NoProposalChosen)), 40, offered);
        var mainMode = IkeV1Probe.Judge(IsakmpMainMode.Read(IsakmpMainMode.AcceptingResponse(request, [9, 9, 9, 9, 9, 9, 9, 9])), 100, offered);
        var v2 = IkeV1Probe.Judge(new IkeV1Reply(IkeV1Answer.V2Message), 36, offered);
        var garbage = IkeV1Probe.Judge(IsakmpMainMode.Read(new byte[40]), 40, offered);
        Assert.Multiple(() =>
        {
            Assert.That(noProposal.Outcome, Is.EqualTo(ProbeOutcome.Accepted), noProposal.Reaction);
            Assert.That(noProposal.Reaction, Does.Contain("NO-PROPOSAL-CHOSEN"));
            Assert.That(mainMode.Outcome, Is.EqualTo(ProbeOutcome.Accepted));
            Assert.That(mainMode.Reaction, Does.Contain("transform #1 (AES-CBC-128/SHA2-256/RSA-sig/group 14)"));
            Assert.That(v2.Outcome, Is.EqualTo(ProbeOutcome.Refused));
            Assert.That(garbage.Outcome, Is.EqualTo(ProbeOutcome.Undecided), garbage.Reaction);
        });
    }

    [Test]
    public async Task Tshark_reads_every_offered_transform_and_the_NO_PROPOSAL_CHOSEN_answer()
    {
        if (!File.Exists("/usr/bin/tshark")) Assert.Ignore("tshark is not installed: the independent decode is skipped");
        var probe = IsakmpMainMode.FirstMessage(Cookie);
        var answer = IsakmpNotification.For(BinaryPrimitives.ReadUInt64BigEndian(Cookie), IsakmpNotification.NoProposalChosen);
        var harness = new IPEndPoint(IPAddress.Loopback, 40000);
        var dut = new IPEndPoint(IPAddress.Loopback, 500);
        var file = Path.Combine(Path.GetTempPath(), $"femtoscas-ikev1-probe-{Guid.NewGuid():N}.pcapng");
        try
        {
            using (var recorder = new SelfRecorder(file))
            {
                recorder.Datagram(harness, dut, probe);
                recorder.Datagram(dut, harness, answer);
            }
            var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-n", "-r", file, "-V" }) info.ArgumentList.Add(a);
            using var tshark = Process.Start(info)!;
            var output = await tshark.StandardOutput.ReadToEndAsync();
            await tshark.WaitForExitAsync();
            Assert.Multiple(() =>
            {
                Assert.That(output, Does.Contain($"Transform number: {IsakmpMainMode.OfferedTransforms.Count}"), output);
                Assert.That(output, Does.Contain("Pre-shared key"));
                Assert.That(output, Does.Contain("Default 768-bit MODP group"));
                Assert.That(output, Does.Contain("NO-PROPOSAL-CHOSEN (14)"));
                Assert.That(output, Does.Not.Contain("Malformed"));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
