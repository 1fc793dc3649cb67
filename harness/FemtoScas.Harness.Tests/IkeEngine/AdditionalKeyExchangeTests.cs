using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// RFC 9370 additional key exchanges over RFC 9242 IKE_INTERMEDIATE with ML-KEM, the harness
/// initiator against the harness SeGW:
///   HDR, SAi1(.. ADDKE1), KEi, Ni, N(INTERMEDIATE_EXCHANGE_SUPPORTED) -->  &lt;-- HDR, SAr1, KEr, Nr, N(..)
///   HDR(43, MID 1), SK{KEi(1)} -->   &lt;-- HDR(43, MID 1), SK{KEr(1)}      (key update)
///   HDR(35, MID 2), SK{IDi, AUTH(.. | IntAuth), ...} -->   &lt;-- ...
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class AdditionalKeyExchangeTests
{
    private const string Hybrid = "aes256gcm16-prfsha384-ecp384-ke1_mlkem768";

    [TestCase("ke1_mlkem512")]
    [TestCase("ke1_mlkem768")]
    [TestCase("ke1_mlkem1024")]
    [TestCase("ke1_mlkem768-ke2_mlkem1024")]
    public async Task HybridExchangeCompletesAndUpdatesTheKeys(string addke)
    {
        var proposal = "aes256gcm16-prfsha384-ecp384-" + addke;
        var datagrams = new List<byte[]>();
        await using var segw = new SegwResponder(IkeLab.Segw(proposal));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(proposal, observer: (_, _, d) => { lock (datagrams) datagrams.Add(d); }));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(responderSa, Is.Not.Null);
        int count = addke.Split('-').Length;
        List<byte[]> seen;
        lock (datagrams) seen = IkeLab.Distinct(datagrams);
        var headers = seen.Select(d => IkeHeader.Read(d, [])).Where(h => h is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings));
            Assert.That(responderSa!.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
            Assert.That(sa.CompletedAdditionalKeyExchanges, Is.EqualTo(count));
            Assert.That(responderSa.CompletedAdditionalKeyExchanges, Is.EqualTo(count));
            Assert.That(sa.PeerSupportsIntermediate && responderSa.PeerSupportsIntermediate, Is.True);
            Assert.That(sa.Keys!.SkD.Span.ToArray(), Is.EqualTo(responderSa.Keys!.SkD.Span.ToArray()), "both sides updated SK_d alike");
            // One IKE_INTERMEDIATE per additional exchange, Message IDs 1..n, then IKE_AUTH at n + 1.
            Assert.That(headers.Where(h => h!.ExchangeType == IkeExchangeType.IkeIntermediate && !h.IsResponse).Select(h => h!.MessageId),
                Is.EqualTo(Enumerable.Range(1, count).Select(i => (uint)i)));
            Assert.That(headers.First(h => h!.ExchangeType == IkeExchangeType.IkeAuth)!.MessageId, Is.EqualTo((uint)count + 1));
            Assert.That(sa.FirstChildSa, Is.Not.Null);
        });
    }

    /// <summary>
    /// ML-KEM-768's KEi (1184 octets) makes a 1249-octet IKE_INTERMEDIATE request with AES-GCM: it fits
    /// a 1500-octet IPv4 path (1500 - 20 IP - 8 UDP - 4 non-ESP marker = 1468) without IKE
    /// fragmentation (RFC 7383), but not the IPv6 minimum MTU (1280 - 48 = 1232), and ML-KEM-1024's
    /// 1568-octet KEi fits neither: those paths need RFC 7383 fragments, which the engine does not send.
    /// </summary>
    [Test]
    public async Task MlKem768IntermediateMessagesFitA1500OctetIpv4Path()
    {
        var datagrams = new List<byte[]>();
        await using var segw = new SegwResponder(IkeLab.Segw(Hybrid));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(Hybrid, observer: (_, _, d) => { lock (datagrams) datagrams.Add(d); }));
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        List<byte[]> intermediate;
        lock (datagrams) intermediate = datagrams.Where(d => d.Length > 18 && d[18] == (byte)IkeExchangeType.IkeIntermediate).ToList();
        Assert.That(intermediate, Is.Not.Empty);
        Assert.That(intermediate.Max(d => d.Length), Is.LessThanOrEqualTo(1468).And.GreaterThan(1232));
    }

    /// <summary>A required additional exchange the SeGW strips is refused (RFC 7296 3.3.6) unless a decision hook accepts the downgrade.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public async Task StrippedAdditionalExchangeIsRefusedUnlessAccepted(bool acceptDowngrade)
    {
        var segwOptions = IkeLab.Segw(Hybrid) with { Misbehaviour = new SegwMisbehaviour { ForcedIkeChoice = "aes256gcm16-prfsha384-ecp384" } };
        await using var segw = new SegwResponder(segwOptions);
        segw.Start();
        var femtoOptions = IkeLab.Femto(Hybrid);
        var seen = new List<ProposalAnswerVerdict>();
        femtoOptions.Interception.OnDecision(IkeInterception.ProposalAnswer, engine =>
        {
            seen.Add(engine.Value);
            return acceptDowngrade && engine.Value == ProposalAnswerVerdict.AdditionalKeyExchangeStripped
                ? new EngineDecision<ProposalAnswerVerdict>(ProposalAnswerVerdict.Accepted, "test: downgrade accepted")
                : null;
        });
        using var femto = new IkeInitiator(femtoOptions);

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { ProposalAnswerVerdict.AdditionalKeyExchangeStripped }));
            Assert.That(sa.State, Is.EqualTo(acceptDowngrade ? IkeSaState.Established : IkeSaState.Failed), sa.Failure?.ToString());
            Assert.That(sa.CompletedAdditionalKeyExchanges, Is.Zero);
            if (!acceptDowngrade)
            {
                Assert.That(sa.Failure!.Reason, Does.Contain("drops the additional key exchange"));
            }
        });
    }

    /// <summary>
    /// The SeGW refuses an IKE_AUTH that comes before the negotiated additional exchange (RFC 9370 2.2.2):
    /// here an initiator that read the SeGW's SAr1 without ADDKE1 (its after-parse hook drops it) and
    /// accepted that, so it skips IKE_INTERMEDIATE.
    /// </summary>
    [Test]
    public async Task SegwRefusesIkeAuthBeforeTheAdditionalExchange()
    {
        await using var segw = new SegwResponder(IkeLab.Segw(Hybrid));
        segw.Start();
        var options = IkeLab.Femto(Hybrid) with
        {
            Interception = new IkeInterception
            {
                AfterParse = (what, payloads) => what.Exchange == IkeExchangeType.IkeSaInit && what.IsResponse
                    ? [.. payloads.Select(p => p is SecurityAssociationPayload sa
                        ? new SecurityAssociationPayload([.. sa.Proposals.Select(x => x with { Transforms = [.. x.Transforms.Where(t => t.Type != TransformType.AdditionalKeyExchange1)] })])
                        : p)]
                    : null,
            },
        };
        options.Interception.OnDecision(IkeInterception.ProposalAnswer, d => d with { Value = ProposalAnswerVerdict.Accepted });
        using var femto = new IkeInitiator(options);

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = await segw.WaitForAsync(s => s.Failure is not null, TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
            Assert.That(responderSa, Is.Not.Null, string.Join("; ", segw.Sas.Select(s => $"{s} {s.Failure} {string.Join(",", s.Findings)}")));
            Assert.That(responderSa?.Failure?.Notify, Is.EqualTo(NotifyMessageType.InvalidSyntax));
            Assert.That(responderSa?.Failure?.Reason, Does.Contain("IKE_AUTH before 1 negotiated additional key exchange"));
            Assert.That(responderSa?.State, Is.Not.EqualTo(IkeSaState.Established));
        });
    }

    /// <summary>An optional additional exchange (ke1_none offered) may be declined by a SeGW without it, and is then not run.</summary>
    [Test]
    public async Task OptionalAdditionalExchangeFallsBackWithoutIntermediate()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(Hybrid + "-ke1_none"));
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.Multiple(() =>
        {
            Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
            Assert.That(sa.AdditionalKeyExchanges, Is.Empty);
            Assert.That(sa.ChosenProposal!.Transforms.Single(t => t.Type == TransformType.AdditionalKeyExchange1).Id, Is.Zero, "NONE chosen");
        });
    }

    /// <summary>A legacy SeGW proposal without ADDKE refuses a proposal that requires it (RFC 7296 3.3.6); the selector says so.</summary>
    [Test]
    public void RequiredAdditionalExchangeIsNotSilentlyDropped()
    {
        var offered = ProposalSpec.ParseIke(Hybrid).ToProposal(1);
        var selection = ProposalSelector.Select([ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384")], [offered]);
        var optional = ProposalSelector.Select([ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384")], [ProposalSpec.ParseIke(Hybrid + "-ke1_none").ToProposal(1)]);
        Assert.Multiple(() =>
        {
            Assert.That(selection.IsChosen, Is.False, selection.Reason);
            Assert.That(optional.IsChosen, Is.True, optional.Reason);
            Assert.That(ProposalSpec.ParseIke(Hybrid).ToString(), Is.EqualTo(Hybrid));
        });
    }

    /// <summary>
    /// RFC 9370 2.2.2's key update checked against an independent HMAC-SHA-384 computation:
    /// SKEYSEED(1) = prf(SK_d(0), SK(1) | Ni | Nr).
    /// </summary>
    [Test]
    public void KeyUpdateSkeyseedIsPrfOfSkdOverSecretAndNonces()
    {
        var prf = Harness.Crypto.DefaultCryptoProvider.Instance.CreatePrf(PrfId.HmacSha2_384).Value;
        var skd = Enumerable.Range(0, 48).Select(i => (byte)i).ToArray();
        var secret = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        var ni = Enumerable.Repeat((byte)0xA1, 32).ToArray();
        var nr = Enumerable.Repeat((byte)0xB2, 32).ToArray();
        using var skeyseed = IkeKeyDerivation.RekeySkeyseed(prf, skd, secret, ni, nr);
        Assert.That(skeyseed.Span.ToArray(), Is.EqualTo(HMACSHA384.HashData(skd, (byte[])[.. secret, .. ni, .. nr])));
    }

    /// <summary>The IntAuth appended to AUTH's signed octets is IntAuth_iN | IntAuth_rN | IKE_AUTH_MID (RFC 9242 3.3.2).</summary>
    [Test]
    public async Task SignedOctetsEndWithIntAuthAndTheIkeAuthMessageId()
    {
        await using var segw = new SegwResponder(IkeLab.Segw(Hybrid));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(Hybrid));
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        var plain = new byte[] { 1, 2, 3 };
        var appended = Harness.Ike.Tasks.IntermediateAuth.Append(sa, plain);
        Assert.That(appended.Length, Is.EqualTo(3 + 48 + 48 + 4), "two PRF-SHA-384 outputs and a 4-octet Message ID");
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(appended.AsSpan(^4)), Is.EqualTo(2u), "IKE_AUTH ran at Message ID 2");
    }
}
