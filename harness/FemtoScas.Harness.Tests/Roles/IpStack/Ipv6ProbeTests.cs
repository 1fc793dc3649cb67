using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Interop;
using FemtoScas.Harness.Roles.IpStack;
using FemtoScas.Harness.Scanning.IpStack;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.IpStack;

public sealed class Ipv6ProbeTests
{
    private static readonly VethIpv6 Link = VethIpv6.ForSlot(5);
    private static readonly IpStackIpv6 Target = Link.Target();

    [Test]
    public void An_echo_request_reads_back_with_a_verifying_checksum_and_a_wrong_one_is_a_finding()
    {
        var bytes = new Ipv6Probe(Target.HarnessAddress, Target.Address, [], Icmpv6Message.EchoRequest, 0, 0xABCD0002, new byte[] { 1, 2, 3 }).ToBytes();
        Assert.That(bytes[0] >> 4, Is.EqualTo(6));
        Assert.That(bytes[Ipv6Probe.NextHeaderOffset], Is.EqualTo(Ipv6Probe.NextHeaderIcmpv6));
        var icmp = bytes.AsSpan(Ipv6Probe.HeaderLength).ToArray();
        var (m, findings) = Icmpv6Message.Read(Target.HarnessAddress, Target.Address, icmp);
        Assert.That(findings, Is.Empty);
        Assert.That((m!.Type, m.Identifier, m.Sequence, m.Data.Length), Is.EqualTo((Icmpv6Message.EchoRequest, 0xABCD, 2, 3)));
        // The same octets from another source do not verify: the pseudo-header is in the sum.
        Assert.That(Icmpv6Message.Read(Link.NamespaceLinkLocal, Target.Address, icmp).Findings.Select(f => f.What), Has.Some.Contains("checksum"));
        Assert.That(Icmpv6Message.Read(Target.Address, null, icmp.AsSpan(0, 7)).Message, Is.Null);
        Assert.That(Icmpv6Message.ReplyTo(Icmpv6Message.RouterSolicitation), Is.EqualTo(Icmpv6Message.RouterAdvertisement));
    }

    [Test]
    public void Extension_headers_chain_in_order_and_RH0_checksums_over_its_final_destination()
    {
        var other = IPAddress.Parse("2001:db8::7");
        var probe = new Ipv6Probe(Target.HarnessAddress, Target.Address,
            [Ipv6ExtensionHeader.Options(Ipv6Probe.NextHeaderHopByHop, 0x1E, "hbh"), Ipv6ExtensionHeader.RoutingType0([other], 1)], Icmpv6Message.EchoRequest, 0, 1, new byte[4]);
        var bytes = probe.ToBytes();
        Assert.That(bytes[Ipv6Probe.NextHeaderOffset], Is.EqualTo(Ipv6Probe.NextHeaderHopByHop));
        Assert.That(bytes[40], Is.EqualTo(Ipv6Probe.NextHeaderRouting), "the hop-by-hop header names the routing header next");
        Assert.That(bytes[48], Is.EqualTo(Ipv6Probe.NextHeaderIcmpv6), "the routing header names ICMPv6 next");
        Assert.That((bytes[49], bytes[50], bytes[51]), Is.EqualTo(((byte)2, (byte)0, (byte)1)), "length 2 (one address), type 0, segments left 1");
        Assert.That(bytes.Length, Is.EqualTo(40 + 8 + 24 + 12));
        Assert.That(Icmpv6Message.Read(Target.HarnessAddress, other, bytes.AsSpan(72)).Findings, Is.Empty);
        Assert.That(Icmpv6Message.Read(Target.HarnessAddress, Target.Address, bytes.AsSpan(72)).Findings, Is.Not.Empty);
    }

    [Test]
    public void Slot_addresses_are_unique_local_and_link_local_and_differ_between_slots()
    {
        Assert.That(Link.Namespace.ToString(), Is.EqualTo("fdf5:ca5:3117:5::2"));
        Assert.That(Link.HostLinkLocal.IsIPv6LinkLocal && Link.RedirectTarget.IsIPv6LinkLocal, Is.True);
        Assert.That(VethIpv6.ForSlot(6).NamespaceLinkLocal, Is.Not.EqualTo(Link.NamespaceLinkLocal));
        Assert.That(() => VethIpv6.ForSlot(StrongSwanVeth.Slots), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Random_messages_never_throw_and_stay_bounded()
    {
        var random = new Random(4443);
        for (var i = 0; i < 5000; i++)
        {
            var input = new byte[random.Next(0, 200)];
            random.NextBytes(input);
            var (m, findings) = Icmpv6Message.Read(Target.Address, random.Next(2) == 0 ? null : Target.HarnessAddress, input);
            Assert.That(m is not null || findings.Count > 0);
            if (m is not null) Assert.That(m.Data.Length, Is.EqualTo(input.Length - Icmpv6Message.HeaderLength));
            Assert.That(Ipv6Probe.Rebuilt(Target.Address, Target.HarnessAddress, input), Has.Length.EqualTo(40 + input.Length));
        }
    }

    /// <summary>tshark (an independent decoder) reads every IPv6 probe the harness writes: types, headers, checksums.</summary>
    [Test]
    public void Tshark_decodes_every_ipv6_probe()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore("tshark is not installed (Debian package tshark)");
        var path = Path.Combine(Path.GetTempPath(), $"ipv6-probes-{Guid.NewGuid():N}.pcapng");
        var packets = new List<byte[]>();
        foreach (var (_, type) in Icmpv6Prober.Queries)
            packets.Add(Icmpv6Prober.Query(Target, type, 7, 1).ToBytes());
        foreach (var (_, header) in Ipv6ExtensionHeaderProber.Probes(Target))
            packets.Add(new Ipv6Probe(Target.HarnessAddress, Target.Address, header is null ? [] : [header], Icmpv6Message.EchoRequest, 0, 0x00070001, new byte[8]).ToBytes());
        packets.Add(Ipv6RedirectProbe.Redirect(Link.HostLinkLocal, Target.Address, Link.RedirectTarget, IPAddress.Parse("2001:db8:5ca5:5::1"), [2, 0, 0, 0, 0, 9]).ToBytes());
        try
        {
            using (var recorder = new SelfRecorder(path))
            {
                foreach (var p in packets) recorder.IpPacket(p);
            }
            var lines = TsharkRun.Output(["-r", path, "-T", "fields", "-E", "separator=|",
                "-e", "icmpv6.type", "-e", "icmpv6.checksum.status", "-e", "ipv6.routing.type", "-e", "ipv6.routing.segleft", "-e", "ipv6.opt.type",
                "-e", "ipv6.hopopts.nxt", "-e", "ipv6.dstopts.nxt", "-e", "icmpv6.nd.rd.target_address", "-e", "icmpv6.opt.linkaddr", "-e", "ipv6.hlim"])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(packets.Count), string.Join("\n", lines));
            Assert.That(lines.Select(l => l.Split('|')[0]), Is.EqualTo((string[])["128", "139", "133", "128", "128", "128", "128", "137"]));
            // tshark verifies every ICMPv6 checksum over the pseudo-header: status 1 is good (0 bad, 2 unverified).
            Assert.That(lines.Select(l => l.Split('|')[1]), Has.All.EqualTo("1"), string.Join("\n", lines));
            Assert.That(lines[2].Split('|')[9], Is.EqualTo("255"), "the router solicitation goes with hop limit 255");
            Assert.That(lines[4].Split('|')[2..4], Is.EqualTo((string[])["0", "1"]), "routing header type 0, segments left 1");
            Assert.That(lines[5].Split('|')[4], Is.EqualTo("0x1e"), "the destination option 0x1e");
            Assert.That(lines[6].Split('|')[4], Is.EqualTo("0x1e"), "the hop-by-hop option 0x1e");
            Assert.That(lines[5].Split('|')[6], Is.EqualTo("58"));
            Assert.That(lines[6].Split('|')[5], Is.EqualTo("58"), "the hop-by-hop header names ICMPv6 next");
            Assert.That(lines[7].Split('|')[7], Is.EqualTo(Link.RedirectTarget.ToString()));
            Assert.That(lines[7].Split('|')[8], Is.EqualTo("02:00:00:00:00:09"));
            Assert.That(lines[7].Split('|')[9], Is.EqualTo("255"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
