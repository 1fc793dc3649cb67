using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;

namespace FemtoScas.Fuzz;

/// <summary>The PDCP-NR target: what the harness's UE and gNB sides do with a PDU from the air link or a capture.</summary>
public static class PdcpTargets
{
    /// <summary>The fixed KgNB of the target and its seeds (not a secret: test data only).</summary>
    public static readonly byte[] SeedKgnb = [.. Enumerable.Range(0x40, 32).Select(i => (byte)i)];

    private static readonly Lazy<AsSecurityContext> Context = new(() => new AsSecurityContext(SecretBytes.Copy(SeedKgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2));

    /// <summary>The bearer an input's first octet selects (bits 0-1); bit 2 selects NEA2/NIA2 keyed from <see cref="SeedKgnb"/> instead of no security.</summary>
    public static (PdcpBearerConfig Bearer, PdcpSecurity Security)? Select(byte selector)
    {
        PdcpBearerConfig? bearer = (selector & 0b11) switch
        {
            0 => PdcpBearerConfig.Srb(1),
            1 => PdcpBearerConfig.Drb(1, 12, integrity: true),
            2 => PdcpBearerConfig.Drb(2, 18),
            _ => null,
        };
        if (bearer is null) return null;
        return (bearer, (selector & 0b100) != 0 ? PdcpSecurity.For(Context.Value, bearer) : PdcpSecurity.None);
    }

    /// <summary>
    /// Input: octet 0 selects the bearer and security (<see cref="Select"/>; bits 0-1 = 3: the rest
    /// is a PDCP-NR-over-UDP frame, read, written back and read again, its PDU then received on the
    /// bearer the frame names); the rest is one PDU received twice by a fresh receiving entity: an
    /// accepted PDU must come back as a duplicate, every other outcome must carry a finding.
    /// </summary>
    public static void Pdcp(byte[] input)
    {
        if (input.Length < 1) return;
        var rest = input.AsSpan(1);
        if (Select(input[0]) is { } selected)
        {
            ReceiveTwice(rest, selected.Bearer, selected.Security);
            return;
        }
        var findings = new List<PdcpFinding>();
        var frame = PdcpNrUdpFrame.Read(rest, findings);
        if (frame is null)
        {
            if (findings.Count == 0) throw new FuzzContractException("no frame and no finding");
            return;
        }
        var again = PdcpNrUdpFrame.Read(frame.Write(), findings);
        if (again is null || again.Bearer != frame.Bearer || again.Direction != frame.Direction || again.UeId != frame.UeId || !again.Pdu.AsSpan().SequenceEqual(frame.Pdu))
            throw new FuzzContractException($"{frame} does not survive writing and reading");
        ReceiveTwice(frame.Pdu, frame.Bearer, PdcpSecurity.None);
    }

    private static void ReceiveTwice(ReadOnlySpan<byte> pdu, PdcpBearerConfig bearer, PdcpSecurity security)
    {
        var receiver = new PdcpReceiver(bearer, NrDirection.Uplink, maxBuffered: 16) { Security = security };
        var first = receiver.Receive(pdu);
        if (first.Outcome is not (PdcpReceiveOutcome.Accepted or PdcpReceiveOutcome.ControlPdu) && first.Findings.Count == 0)
            throw new FuzzContractException($"{first.Outcome} without a finding");
        var second = receiver.Receive(pdu);
        if (first.Outcome == PdcpReceiveOutcome.Accepted && second.Outcome != PdcpReceiveOutcome.DuplicateOrOutdated)
            throw new FuzzContractException($"an accepted PDU came back as {second.Outcome}, not a duplicate");
        if (receiver.Buffered > receiver.MaxBuffered) throw new FuzzContractException("the reordering buffer grew past its bound");
    }
}
