using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interop;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>
/// Our SeGW responder against a real strongSwan charon initiator (the femto stand-in) in a network
/// namespace of its own: femto-ecdsa vs segw-ecdsa under root-a, aes256gcm16-prfsha384-ecp384,
/// ESP aes256gcm16, a virtual IP requested with CP. charon's kernel-libipsec forces UDP
/// encapsulation, so IKE_AUTH arrives on 4500 with the non-ESP marker (RFC 3948 2.2).
/// </summary>
[TestFixture]
[Category("Integration")]
[CancelAfter(60_000)]
public sealed class StrongSwanInteropTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task StrongSwanInitiatorEstablishesIkeSaAndChildSaWithOurSegw()
    {
        if (StrongSwanNamespace.MissingPrerequisite() is { } reason)
        {
            Assert.Ignore(reason);
        }

        var pem = TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory)
            ?? throw new InvalidOperationException($"no FemtoScas.sln above {TestContext.CurrentContext.TestDirectory}");
        var pki = TestPki.Load(pem);

        await using var swan = await StrongSwanNamespace.StartAsync(new StrongSwanInitiatorProfile
        {
            CertificatePemPath = Path.Combine(pem, "femto-ecdsa.crt.pem"),
            PrivateKeyPemPath = Path.Combine(pem, "femto-ecdsa.key.pem"),
            CaCertificatePemPath = Path.Combine(pem, "root-a.crt.pem"),
            LocalIdentity = "femto-0001.vendor.test",
            RemoteIdentity = "segw.operator-a.test",
        }, Bound);

        await using var segw = new SegwResponder(new SegwOptions
        {
            IkeProposals = ["aes256gcm16-prfsha384-ecp384"],
            EspProposals = ["aes256gcm16"],
            Credentials = IkeCredentials.FromTestPki(pki["segw-ecdsa"]),
            TrustAnchors = [pki["root-a"].CertificateDer],
            LocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 500),
            NatTLocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 4500),
            RetransmitTimeout = TimeSpan.FromSeconds(1),
        });
        segw.Start();

        // charon: HDR, SAi1, KEi, Ni -->  <-- HDR, SAr1, KEr, Nr ; HDR, SK{IDi, CERT, AUTH, CP, SAi2, TSi, TSr} --> <-- HDR, SK{IDr, CERT, AUTH, CP, SAr2, TSi, TSr}
        var initiate = await swan.InitiateAsync(TimeSpan.FromSeconds(20));
        var sa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));
        var diagnostics = $"{initiate}\n--- our SAs ---\n{string.Join("\n", segw.Sas)}\n--- charon.log ---\n{swan.CharonLogTail()}";

        Assert.That(initiate.ExitCode, Is.Zero, diagnostics);
        Assert.That(sa, Is.Not.Null, diagnostics);
        Assert.That(sa!.PeerIdentity?.Describe(), Does.Contain("femto-0001.vendor.test"), diagnostics);
        Assert.That(sa.FirstChildSa, Is.Not.Null, diagnostics);
        Assert.That(sa.AssignedAddress?.ToString(), Is.EqualTo("10.45.0.2"), diagnostics);
        Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings));

        // charon's own view: the IKE SA established, the CHILD_SA installed, the virtual IP it took from our CP reply.
        var list = await swan.ListSasAsync();
        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        Assert.That(list.StandardOutput, Does.Contain("ESTABLISHED"), list.ToString());
        Assert.That(list.StandardOutput, Does.Contain("INSTALLED"), list.ToString());
        Assert.That(list.StandardOutput, Does.Contain("femto-0001.vendor.test"), list.ToString());
        Assert.That(list.StandardOutput, Does.Contain("10.45.0.2"), list.ToString());
    }
}
