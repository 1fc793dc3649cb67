using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interop;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>
/// Our IKEv2 initiator against a real strongSwan charon responder (a SeGW stand-in with a virtual
/// IP pool 10.46.0.0/24) in its namespace. charon's kernel-libipsec forces UDP encapsulation, so it
/// answers IKE_SA_INIT with a NAT_DETECTION_SOURCE_IP that cannot match and our initiator floats
/// to charon's 4500 (RFC 7296 2.23). Both sides are asserted, matched by SPI. Inner traffic through
/// the tunnel waits for the user-space ESP data path (gap "interop ESP data path").
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class StrongSwanResponderInteropTests
{
    private const string GcmIke = "aes256gcm16-prfsha384-ecp384";
    private const string GcmEsp = "aes256gcm16";

    private static async Task<(IkeInitiator Femto, IkeSa Sa)> ConnectAsync(InteropLab lab, string segwCredential = "segw-ecdsa", string femtoCredential = "femto-ecdsa",
        TimeSpan? charonDpd = null)
    {
        await lab.StartCharonAsync(lab.SegwStandIn(segwCredential) with { IkeProposals = GcmIke, EspProposals = GcmEsp, DpdDelay = charonDpd });
        var femto = lab.Initiator(femtoCredential, GcmIke, GcmEsp);

        // HDR, SAi1, KEi, Ni, N(NAT_D*) -->  <-- HDR, SAr1, KEr, Nr, N(NAT_D*), CERTREQ ; (float to 4500) HDR, SK{IDi, CERT, AUTH, CP, SAi2, TSi, TSr} --> <-- HDR, SK{IDr, CERT, AUTH, CP, SAr2, TSi, TSr}
        var sa = await femto.ConnectAsync(lab.CharonEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), lab.Diagnostics(sa.Failure?.ToString()));
        Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings));
        Assert.That(sa.ChildFailure, Is.Null, sa.ChildFailure?.ToString());
        return (femto, sa);
    }

    /// <summary>charon's IKE SA with our SPIs, ESTABLISHED, charon the responder, with an INSTALLED CHILD_SA on our SPIs (charon receives on SPIr).</summary>
    private static async Task<SwanctlIkeSa> MatchingCharonSaAsync(InteropLab lab, IkeSa sa)
    {
        var child = sa.ChildSas.Last(c => !c.Deleted);
        var (met, sas, raw) = await lab.Swan.WaitForSasAsync(list => list.Any(s => s.InitiatorSpi == sa.InitiatorSpi && s.ResponderSpi == sa.ResponderSpi
            && s.State == "ESTABLISHED" && s.Children.Any(c => c.State == "INSTALLED" && c.InboundSpi == child.ResponderSpi && c.OutboundSpi == child.InitiatorSpi)),
            TimeSpan.FromSeconds(5));
        Assert.That(met, Is.True, lab.Diagnostics($"charon shows no ESTABLISHED IKE SA {sa.InitiatorSpi:x16}/{sa.ResponderSpi:x16} with {child}:\n{raw}"));
        var charon = sas.Single(s => s.InitiatorSpi == sa.InitiatorSpi);
        Assert.That(charon.LocalIsInitiator, Is.False, charon.Text);
        return charon;
    }

    [Test]
    public async Task EcdsaCertificatesWithVirtualIpFromCharonsPool()
    {
        await using var lab = InteropLab.Create();
        var (_, sa) = await ConnectAsync(lab);

        var charon = await MatchingCharonSaAsync(lab, sa);
        Assert.That(sa.PeerIdentity?.Describe(), Does.Contain(InteropLab.SegwIdentity));
        Assert.That(sa.AssignedAddress?.ToString(), Does.StartWith("10.46.0."), "CP(CFG_REPLY) from charon's pool");
        Assert.That(charon.RemoteLine, Does.Contain($"[{sa.AssignedAddress}]"), "charon records the virtual IP it handed out: " + charon.Text);
        Assert.That(charon.RemoteLine, Does.Contain(InteropLab.FemtoIdentity), charon.Text);
        Assert.That(sa.UsesNatT, Is.True, "floated to 4500 after charon's forced NAT detection");
        Assert.That(charon.Children.Single().Mode, Is.EqualTo("TUNNEL-in-UDP"), charon.Text);

        // Our capture of the exchange with charon decrypts with our key table (IKE_AUTH went over 4500 with the non-ESP marker).
        lab.AssertTsharkDecryptsIkeAuth();
    }

    [Test]
    public async Task RsaCertificates()
    {
        await using var lab = InteropLab.Create();
        var (_, sa) = await ConnectAsync(lab, "segw-rsa", "femto-rsa");

        var charon = await MatchingCharonSaAsync(lab, sa);
        Assert.That(sa.PeerCertificate, Is.EqualTo(lab.Pki["segw-rsa"].CertificateDer), "charon presented its RSA certificate");
        Assert.That(charon.RemoteLine, Does.Contain(InteropLab.FemtoIdentity), charon.Text);
    }

    [Test]
    public async Task WeRekeyTheChildSa()
    {
        await using var lab = InteropLab.Create();
        var (femto, sa) = await ConnectAsync(lab);
        var old = sa.FirstChildSa!;

        // HDR, SK{N(REKEY_SA), SA, Ni, TSi, TSr} -->  <-- HDR, SK{SA, Nr, TSi, TSr}; then HDR, SK{D(ESP, old)} -->
        var fresh = await femto.CreateChildSaAsync(rekey: old);
        Assert.That(fresh, Is.Not.Null, lab.Diagnostics(sa.ChildFailure?.ToString()));
        Assert.That(old.Deleted, Is.True);

        var charon = await MatchingCharonSaAsync(lab, sa);
        Assert.That(charon.Children.Where(c => c.State == "INSTALLED").Select(c => c.InboundSpi), Does.Not.Contain(old.ResponderSpi), "the old CHILD_SA is no longer in use: " + charon.Text);

        // charon keeps a rekeyed inbound SA for delete_rekeyed_delay (5 s by default) for packets in flight, then removes it.
        var (gone, _, raw) = await lab.Swan.WaitForSasAsync(list => list.Single().Children.All(c => c.InboundSpi != old.ResponderSpi), TimeSpan.FromSeconds(8));
        Assert.That(gone, Is.True, "charon did not remove the old CHILD_SA:\n" + raw);
        Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings) + charon.Text);
    }

    [Test]
    public async Task WeRekeyTheIkeSa()
    {
        await using var lab = InteropLab.Create();
        var (femto, sa) = await ConnectAsync(lab);
        lab.Track(sa);

        // HDR, SK{SA(SPIi'), Ni, KEi} -->  <-- HDR, SK{SA(SPIr'), Nr, KEr}; then HDR, SK{D(IKE)} over the old SA
        var fresh = await femto.RekeyIkeSaAsync();
        Assert.That(fresh, Is.Not.Null, lab.Diagnostics(sa.ChildFailure?.ToString()));
        Assert.That(fresh!.ChildSas, Has.Count.EqualTo(1), "RFC 7296 2.18: the CHILD_SA moves to the new IKE SA");

        await MatchingCharonSaAsync(lab, fresh);
        var (single, sas, raw) = await lab.Swan.WaitForSasAsync(list => list.Count == 1, TimeSpan.FromSeconds(5));
        Assert.That(single, Is.True, "charon still holds the old IKE SA:\n" + raw);
        Assert.That(sas.Single().InitiatorSpi, Is.EqualTo(fresh.InitiatorSpi));

        // The new SA works: charon answers a liveness check on it.
        Assert.That(await femto.SendDpdAsync(), Is.True, lab.Diagnostics("no answer on the rekeyed IKE SA"));
    }

    [Test]
    public async Task OurLivenessCheckAndDeleteAreAnswered()
    {
        await using var lab = InteropLab.Create();
        var (femto, sa) = await ConnectAsync(lab);

        Assert.That(await femto.SendDpdAsync(), Is.True, lab.Diagnostics("charon did not answer our empty INFORMATIONAL"));
        await MatchingCharonSaAsync(lab, sa);

        Assert.That(await femto.DeleteAsync(), Is.True, lab.Diagnostics("charon did not answer our Delete"));
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Deleted));
        var (gone, _, raw) = await lab.Swan.WaitForSasAsync(list => list.Count == 0, TimeSpan.FromSeconds(5));
        Assert.That(gone, Is.True, "charon still lists SAs after our Delete:\n" + raw);
    }

    [Test]
    public async Task CharonsLivenessChecksAreServedByOurInitiator()
    {
        await using var lab = InteropLab.Create();
        var (femto, sa) = await ConnectAsync(lab, charonDpd: TimeSpan.FromSeconds(1));

        // charon (responder) sends HDR, SK{} with its own message IDs 0, 1, ...; we answer each.
        var answered = await femto.ServeAsync(TimeSpan.FromSeconds(3.5));
        Assert.That(answered, Is.GreaterThanOrEqualTo(2), lab.Diagnostics($"answered {answered} charon request(s)"));
        Assert.That(lab.Swan.CharonLogTail(400), Does.Contain("sending DPD request"));
        await MatchingCharonSaAsync(lab, sa);
    }
}
