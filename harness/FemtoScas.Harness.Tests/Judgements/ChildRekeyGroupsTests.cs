using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Judgements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>
/// NRF-REKEY's view of the DUT's CREATE_CHILD_SA requests (RFC 7296 1.3.1, 1.3.3): the KE group and
/// offered groups of each, judged against the ESP rows of the TS 33.210 profile, and what a refused
/// rekey is called.
/// </summary>
[TestFixture]
public sealed class ChildRekeyGroupsTests
{
    private static readonly IpsecProfile Profile = IpsecProfile.LoadDefault(TestContext.CurrentContext.TestDirectory);

    private static List<IkePayload> ChildRequest(ushort? ke, bool rekey, params string[] esp)
    {
        var payloads = new List<IkePayload>();
        if (rekey) payloads.Add(new NotifyPayload(IkeProtocolId.Esp, new byte[] { 1, 2, 3, 4 }, NotifyMessageType.RekeySa, ReadOnlyMemory<byte>.Empty));
        payloads.Add(new SecurityAssociationPayload(esp.Select((s, i) => ProposalSpec.ParseEsp(s).ToProposal((byte)(i + 1), new byte[] { 9, 9, 9, 9 })).ToList()));
        payloads.Add(new NoncePayload(new byte[32]));
        if (ke is { } g) payloads.Add(new KeyExchangePayload(g, new byte[128]));
        return payloads;
    }

    private static IncomingMessage Request(IkeSa? sa = null, uint id = 5) => new(IkeExchangeType.CreateChildSa, false, id, sa);

    [Test]
    public void A_forbidden_PFS_group_in_KEi_is_named_with_its_source_and_an_allowed_one_is_not()
    {
        var groups = new ChildRekeyGroups();
        var hook = groups.Hook();
        Assert.That(hook(Request(), ChildRequest((ushort)DhGroupId.Modp1024, true, "aes256gcm16-modp1024")), Is.Null, "the hook changes nothing");
        hook(Request(id: 6), ChildRequest((ushort)DhGroupId.Ecp384, true, "aes256gcm16-ecp384"));
        var forbidden = ChildRekeyGroups.Forbidden(Profile, groups.Requests);
        Assert.Multiple(() =>
        {
            Assert.That(groups.Requests, Has.Count.EqualTo(2));
            Assert.That(forbidden, Has.Count.EqualTo(1));
            Assert.That(forbidden[0], Does.StartWith("PFS group MODP_1024 in KEi of 1 CHILD_SA request(s)"));
            Assert.That(forbidden[0], Does.Contain("RFC 8247 3.4"), "the profile row's source");
            Assert.That(ChildRekeyGroups.Table(Profile, groups.Requests).Rows[0][3], Is.EqualTo("MODP_1024 (forbidden)"));
        });
    }

    [Test]
    public void A_forbidden_group_only_offered_beside_an_allowed_KEi_still_counts()
    {
        var groups = new ChildRekeyGroups();
        groups.Record(Request(), ChildRequest((ushort)DhGroupId.Modp2048, true, "aes128-sha256-modp2048", "aes128-sha256-modp1536"));
        Assert.That(ChildRekeyGroups.Forbidden(Profile, groups.Requests), Is.EqualTo(new[] { "PFS group MODP_1536 offered in the proposals of 1 CHILD_SA request(s) (forbidden: TS 33.210 5.4 (PFS group 5))" }));
    }

    [Test]
    public void Responses_IKE_SA_rekeys_and_other_exchanges_are_not_recorded()
    {
        var groups = new ChildRekeyGroups();
        groups.Record(new IncomingMessage(IkeExchangeType.CreateChildSa, true, 5, null), ChildRequest((ushort)DhGroupId.Modp1024, false, "aes256gcm16-modp1024"));
        groups.Record(new IncomingMessage(IkeExchangeType.Informational, false, 5, null), []);
        var ikeRekey = new List<IkePayload>
        {
            new SecurityAssociationPayload([ProposalSpec.Parse("aes256gcm16-prfsha384-modp1024", IkeProtocolId.Ike).ToProposal(1)]),
            new KeyExchangePayload((ushort)DhGroupId.Modp1024, new byte[128]),
        };
        groups.Record(Request(), ikeRekey);
        Assert.That(groups.Requests, Is.Empty);
    }

    [Test]
    public void A_rekey_the_SeGW_refused_is_reported_as_refused_with_its_notification_not_as_no_rekey()
    {
        using var sa = new IkeSa(false, 1, new IPEndPoint(IPAddress.Loopback, 500), new IPEndPoint(IPAddress.Loopback, 501))
        {
            ChildFailure = new IkeSaFailure(NotifyMessageType.NoProposalChosen, false, "no acceptable proposal"),
        };
        var groups = new ChildRekeyGroups();
        groups.Record(Request(sa), ChildRequest((ushort)DhGroupId.Modp1024, true, "aes256gcm16-modp1024"));
        var refused = ChildRekeyGroups.NoRekeyReason(groups.Requests, TimeSpan.FromSeconds(5));
        var none = ChildRekeyGroups.NoRekeyReason([], TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(refused, Does.Contain("the DUT started 1 CHILD_SA rekey(s) (KE group MODP_1024)"));
            Assert.That(refused, Does.Contain("the harness SeGW refused them (NO_PROPOSAL_CHOSEN"), refused);
            Assert.That(none, Does.StartWith("no CHILD_SA rekey within its 5 s lifetime"));
        });
    }
}
