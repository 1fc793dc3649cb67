using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Transport;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>How an IKE responder met a flood of IKE_SA_INIT requests.</summary>
public sealed record FloodResult(int Sent, int Answered, int CookieChallenges, int OtherNotifications, int FullResponses, TimeSpan Duration)
{
    public double RequestsPerSecond => Duration.TotalSeconds > 0 ? Sent / Duration.TotalSeconds : 0;

    public override string ToString() =>
        $"{Sent} IKE_SA_INIT in {Duration.TotalSeconds:0.0} s ({RequestsPerSecond:0}/s): {Answered} answered — {FullResponses} with a full SAr1/KEr/Nr (half-open state kept), {CookieChallenges} COOKIE challenges (RFC 7296 2.6), {OtherNotifications} other notifications";
}

/// <summary>
/// The IKE_SA_INIT flood manoeuvre (misbehaviour API): fresh initiator SPIs and nonces toward a
/// responder, bounded both in count and in time — never open-ended. One key share is reused for
/// every request (the point is the responder's half-open state, not the initiator's CPU). Every
/// answer is classified: a full response means the responder keeps state per request, a COOKIE
/// means it defends itself statelessly (RFC 7296 2.6).
/// </summary>
public static class IkeSaInitFlood
{
    public const int MaxCount = 10_000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    public static async Task<FloodResult> RunAsync(IPEndPoint target, IPEndPoint local, int count, TimeSpan duration, string proposal = "aes256gcm16-prfsha384-ecp384",
        Action<IPEndPoint, IPEndPoint, byte[]>? observer = null, IRandomSource? random = null, ICryptoProvider? crypto = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        if (duration > MaxDuration) throw new ArgumentOutOfRangeException(nameof(duration), duration, $"a flood lasts at most {MaxDuration.TotalSeconds} s");
        random ??= SystemRandomSource.Instance;
        crypto ??= DefaultCryptoProvider.Instance;
        var spec = ProposalSpec.ParseIke(proposal);
        var groupId = (DhGroupId)spec.OfType(TransformType.DiffieHellmanGroup).First().Id;
        var group = crypto.CreateKeyExchangeGroup(groupId);
        if (!group.IsSuccess) throw new ArgumentException($"group {groupId}: {group.Failure}", nameof(proposal));
        using var share = group.Value.GenerateKeyPair(random);
        var sa = new SecurityAssociationPayload([spec.ToProposal(1)]);
        var ke = new KeyExchangePayload((ushort)groupId, share.PublicValue);

        using var transport = new UdpIkeTransport(local, observer, nonEspMarker: false);
        int sent = 0, answered = 0, cookies = 0, notified = 0, full = 0;
        var clock = Stopwatch.StartNew();
        var spi = new byte[8];
        var receiving = Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var datagram = await transport.ReceiveAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                if (datagram is null)
                {
                    if (clock.Elapsed > duration + TimeSpan.FromSeconds(1) || (Volatile.Read(ref sent) >= count && clock.Elapsed > TimeSpan.FromSeconds(1))) break;
                    continue;
                }

                var parsed = IkeMessageParser.Parse(datagram.Payload).Message;
                if (parsed is not { Header.IsResponse: true }) continue;
                Interlocked.Increment(ref answered);
                if (parsed.Payloads.OfType<NotifyPayload>().Any(n => n.NotifyType == NotifyMessageType.Cookie)) Interlocked.Increment(ref cookies);
                else if (parsed.Payloads.OfType<SecurityAssociationPayload>().Any()) Interlocked.Increment(ref full);
                else Interlocked.Increment(ref notified);
            }
        }, CancellationToken.None);

        while (sent < count && clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            do random.Fill(spi); while (BinaryPrimitives.ReadUInt64BigEndian(spi) == 0);
            var nonce = new byte[32];
            random.Fill(nonce);
            // HDR(SPIi, 0), SAi1, KEi, Ni  -->
            var message = new IkeMessage(IkeHeader.Create(BinaryPrimitives.ReadUInt64BigEndian(spi), 0, IkeExchangeType.IkeSaInit, IkeHeaderFlags.Initiator, 0),
                [sa, ke, new NoncePayload(nonce)]);
            await transport.SendAsync(IkeMessageWriter.Write(message), target, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref sent);
        }

        await receiving.ConfigureAwait(false);
        return new FloodResult(sent, answered, cookies, notified, full, clock.Elapsed);
    }
}
