using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.IpStack;
using FemtoScas.Harness.Scanning.IpStack;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

public sealed class Ipv6JudgementTests
{
    private static readonly IReadOnlySet<string> EchoOnly = new HashSet<string>(["echo"]);

    private static IReadOnlyList<IcmpAnswer> Answers(params string[] answered) =>
        [.. Icmpv6Prober.Queries.Select(q => new IcmpAnswer(q.Name, q.Type, answered.Contains(q.Name), answered.Contains(q.Name) ? "answered" : "no answer"))];

    private static RedirectObservation Route(string after) =>
        new("2001:db8:5ca5:2::1", "fe80::5ca5:2:3", "2001:db8:5ca5:2::1 from :: via fe80::5ca5:2:1 dev x proto static metric 1024 pref medium ", after + " ", null);

    private static IReadOnlyList<Ipv6HeaderProbe> Headers(params Ipv6HeaderProbeKind[] answered) =>
        [.. Enum.GetValues<Ipv6HeaderProbeKind>().Select(k => new Ipv6HeaderProbe(k.ToString(), k, answered.Contains(k), answered.Contains(k) ? "echo reply" : "no answer"))];

    [Test]
    public void Icmpv6_echo_only_and_route_kept_passes_and_a_redirected_route_fails()
    {
        var clean = Ipv6Judgements.DecideIcmp(new Icmpv6Observation(Answers("echo"), Route("2001:db8:5ca5:2::1 from :: via fe80::5ca5:2:1 dev x"), null), EchoOnly)!;
        Assert.That(clean.Decision.Verdict, Is.EqualTo(Verdict.Pass));
        var redirected = Ipv6Judgements.DecideIcmp(new Icmpv6Observation(Answers("echo"), Route("2001:db8:5ca5:2::1 from :: via fe80::5ca5:2:3 dev x cache expires 598sec"), null), EchoOnly)!;
        Assert.That(redirected.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(redirected.Decision.Reason, Does.Contain("acted on an ICMPv6 redirect").And.Contain("fe80::5ca5:2:3"));
        var ra = Ipv6Judgements.DecideIcmp(new Icmpv6Observation(Answers("echo", "router-solicitation"), Route("2001:db8:5ca5:2::1 via fe80::5ca5:2:1 dev x"), null), EchoOnly)!;
        Assert.That(ra.Decision.Reason, Does.Contain("ICMPv6 router-solicitation request (type 133) answered"));
        Assert.That(Ipv6Judgements.DecideIcmp(Icmpv6Observation.Skipped("no address"), EchoOnly), Is.Null);
    }

    [Test]
    public void Extension_headers_answered_fail_naming_the_header_and_a_silent_baseline_is_inconclusive()
    {
        Assert.That(Ipv6Judgements.DecideExtensionHeaders(Headers(Ipv6HeaderProbeKind.Baseline)).Decision.Verdict, Is.EqualTo(Verdict.Pass));
        var options = Ipv6Judgements.DecideExtensionHeaders(Headers(Ipv6HeaderProbeKind.Baseline, Ipv6HeaderProbeKind.UnknownDestinationOption)).Decision;
        Assert.That(options.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(options.Reason, Does.Contain("processed IPv6 extension headers it does not need").And.Contain("UnknownDestinationOption"));
        var rh0 = Ipv6Judgements.DecideExtensionHeaders(Headers(Ipv6HeaderProbeKind.Baseline, Ipv6HeaderProbeKind.RoutingType0)).Decision;
        Assert.That(rh0.Reason, Does.StartWith("processed a type 0 routing header (RFC 5095)"));
        Assert.That(Ipv6Judgements.DecideExtensionHeaders(Headers()).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void Join_never_counts_an_untested_ipv6_part_and_keeps_either_failure()
    {
        var v4Pass = Decision.Pass("v4 fine");
        var untested = Ipv6Judgements.Join(v4Pass, null, "no address");
        Assert.That(untested.Reason, Does.Contain("IPv6 not tested: no address"));
        var v6Fail = Ipv6Judgements.Join(v4Pass, Decision.Fail("acted on an ICMPv6 redirect"), "");
        Assert.That((v6Fail.Verdict, v6Fail.Reason), Is.EqualTo((Verdict.Fail, "IPv6: acted on an ICMPv6 redirect (IPv4: PASS, v4 fine)")));
        var v4Fail = Ipv6Judgements.Join(Decision.Fail("acted on an ICMP redirect"), Decision.Pass("v6 fine"), "");
        Assert.That(v4Fail.Reason, Does.StartWith("IPv4: acted on an ICMP redirect"));
        Assert.That(Ipv6Judgements.Join(v4Pass, Decision.Inconclusive("silent"), "").Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(Ipv6Judgements.Join(v4Pass, Decision.Pass("v6 fine"), "").Reason, Is.EqualTo("IPv4: v4 fine; IPv6: v6 fine"));
    }

    [Test]
    public void Each_ipv6_fault_changes_its_sysctls_and_the_pixit_address_is_checked()
    {
        var clean = SimFemtoIpStack.Ipv6SysctlsFor(new HashSet<string>(), "ns0");
        Assert.That(clean, Does.Contain("net.ipv6.conf.ns0.accept_redirects=0").And.Contain("net.ipv6.max_dst_opts_number=-8").And.Contain("net.ipv6.max_hbh_opts_number=-8"));
        Assert.That(SimFemtoIpStack.Ipv6SysctlsFor(new HashSet<string>([SimFemtoFaults.AcceptIpv6Redirects]), "ns0"), Does.Contain("net.ipv6.conf.ns0.accept_redirects=1"));
        Assert.That(SimFemtoIpStack.Ipv6SysctlsFor(new HashSet<string>([SimFemtoFaults.Ipv6UnknownOptionsAccepted]), "ns0"), Does.Contain("net.ipv6.max_dst_opts_number=8"));

        var root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
        var pics = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements")).Pics;
        var profile = Path.Combine(root, "fixtures", "duts", "simfemto.json");
        Assert.That(DutProfileLoader.Load(profile, pics).Pixit.DutIpv6Address?.ToString(), Is.EqualTo("fdf5:ca5:3117::2"));
        foreach (var bad in (string[])["fe80::1", "ff02::1", "::1", "::ffff:198.18.0.2", "198.18.0.2", "fdf5::x"])
        {
            var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
            File.WriteAllText(path, File.ReadAllText(profile).Replace("\"fdf5:ca5:3117:0::2\"", $"\"{bad}\"", StringComparison.Ordinal));
            try
            {
                var e = Assert.Throws<DataFileException>(() => DutProfileLoader.Load(path, pics), bad)!;
                Assert.That(e.Field, Does.EndWith("dutIpv6Address"));
            }
            finally { File.Delete(path); }
        }
        var budget = WithBudget(profile, pics, """{ "icmpv6AnswersAllowed": ["echo", "router-solicitation"] }""");
        Assert.That(budget.Icmpv6AnswersAllowed, Is.EquivalentTo(new[] { "echo", "router-solicitation" }));
        Assert.That(() => WithBudget(profile, pics, """{ "icmpv6AnswersAllowed": ["redirect"] }"""), Throws.InstanceOf<DataFileException>());
    }

    private static IpStackBudget WithBudget(string profile, IReadOnlyList<PicsItem> pics, string section)
    {
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, File.ReadAllText(profile).Replace("\"pixit\": {", "\"pixit\": {\n    \"ipStack\": " + section + ",", StringComparison.Ordinal));
        try { return DutProfileLoader.Load(path, pics).Pixit.IpStack; }
        finally { File.Delete(path); }
    }
}
