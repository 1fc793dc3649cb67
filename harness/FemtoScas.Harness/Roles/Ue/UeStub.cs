using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;

namespace FemtoScas.Harness.Roles.Ue;

/// <summary>What answers a test UE's downlink NAS (its USIM and NAS security, <see cref="UeNasSecurity"/>): the UE security capability it registers with and its answer to one downlink NAS PDU (null: none).</summary>
public interface IUeNasAnswerer
{
    UeSecurityCapability Capability { get; }

    /// <summary>The identity of the UE's next REGISTRATION REQUEST (a 5G-GUTI or a SUCI); null: the null-scheme SUCI of the IMSI registered.</summary>
    MobileIdentity? RegistrationIdentity() => null;

    /// <summary>The initial REGISTRATION REQUEST the UE's NAS builds itself (TS 24.501 4.4.6); null: the stub's plain one.</summary>
    byte[]? InitialRegistration() => null;

    byte[]? Answer(ReadOnlySpan<byte> downlinkNas);
}

/// <summary>
/// A minimal UE on the femto's emulated Uu stand-in (<see cref="EmulatedUuFrame"/>, PIXIT emulatedUuPort):
/// it asks the cell to carry an initial REGISTRATION REQUEST (null-scheme SUCI, TS 24.501 5.5.1.2 and
/// TS 23.003 2.2B), keeps what the cell relays down and, given a <see cref="UeNasSecurity"/>, answers 5G AKA and
/// SECURITY MODE CONTROL through the cell (UplinkNas frames). It has no RRC, PDCP or AS security; the UE
/// simulator over an emulated air interface replaces it (roadmap 4). It decides nothing.
/// </summary>
public sealed class UeStub : IDisposable
{
    /// <summary>Bound on the downlink frames kept: a femto flooding the stub cannot grow memory.</summary>
    private const int MaxDownlinks = 256;

    /// <summary>Bound on the findings kept (one per answer that threw).</summary>
    public const int MaxFindings = 32;

    private readonly UdpClient udp;
    private readonly IPEndPoint cell;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly List<(DateTimeOffset At, EmulatedUuFrame Frame)> downlinks = [];
    private readonly Task receiving;
    private long malformed;
    private IUeNasAnswerer? security;
    private long answered;
    private readonly List<Finding> findings = [];

    public UeStub(IPAddress local, IPEndPoint cell)
    {
        ArgumentNullException.ThrowIfNull(local);
        this.cell = cell ?? throw new ArgumentNullException(nameof(cell));
        udp = new UdpClient(new IPEndPoint(local, 0));
        receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>Datagrams from the cell that were not frames (counted, not kept).</summary>
    public long Malformed => Interlocked.Read(ref malformed);

    /// <summary>
    /// Answers that threw instead of answering (at most <see cref="MaxFindings"/>): the downlink NAS went unanswered, the stub
    /// went on receiving. The exception never escapes: a downlink the femto relayed must not stop the UE.
    /// </summary>
    public IReadOnlyList<Finding> Findings
    {
        get { lock (gate) return [.. findings]; }
    }

    /// <summary>The downlink NAS the cell relayed so far.</summary>
    public IReadOnlyList<(DateTimeOffset At, EmulatedUuFrame Frame)> Downlinks
    {
        get { lock (gate) return [.. downlinks]; }
    }

    /// <summary>
    /// From now on the stub answers each downlink NAS message with <paramref name="nas"/>'s answer (5G AKA, SECURITY MODE
    /// CONTROL) in an UplinkNas frame, at most one answer per downlink frame kept, and includes its UE security capability in
    /// REGISTRATION REQUEST. The caller owns <paramref name="nas"/> and keeps it until the stub is disposed.
    /// </summary>
    public void AnswerWith(IUeNasAnswerer nas)
    {
        ArgumentNullException.ThrowIfNull(nas);
        lock (gate) security = nas;
    }

    /// <summary>How many uplink NAS answers the stub sent.</summary>
    public long Answered => Interlocked.Read(ref answered);

    /// <summary>The REGISTRATION REQUEST a UE with IMSI <paramref name="imsi"/> (MCC 3, MNC 2 digits) sends first: initial registration, follow-on request, no NAS key, null-scheme SUCI, and its UE security capability when given (TS 24.501 8.2.6.1).</summary>
    /// <remarks><paramref name="identity"/>: the 5G-GUTI or concealed SUCI the UE's NAS chose (null: the null-scheme SUCI).</remarks>
    public static byte[] InitialRegistration(string imsi, UeSecurityCapability? capability = null, MobileIdentity? identity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imsi);
        if (imsi.Length < 6 || !imsi.All(char.IsAsciiDigit)) throw new ArgumentException($"'{imsi}' is not an IMSI (digits, MCC + MNC + MSIN)");
        return FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationRequest(new RegistrationType(RegistrationTypeValue.Initial, true),
            NasKeySetIdentifier.NoKey, identity ?? SuciIdentity.NullSchemeImsi(new PlmnId(imsi[..3], imsi[3..5]), "0", imsi[5..]), capability));
    }

    /// <summary>The UE camps on the cell of NR cell identity <paramref name="cellIdentity"/> and registers: one InitialNas frame with its REGISTRATION REQUEST (returned).</summary>
    public async Task<byte[]> RegisterAsync(string imsi, ulong cellIdentity, CancellationToken cancellationToken)
    {
        IUeNasAnswerer? nas;
        lock (gate) nas = security;
        var registration = nas?.InitialRegistration() ?? InitialRegistration(imsi, nas?.Capability, nas?.RegistrationIdentity());
        await SendInitialNasAsync(registration, cellIdentity, cancellationToken).ConfigureAwait(false);
        return registration;
    }

    /// <summary>The UE, idle on the cell of NR cell identity <paramref name="cellIdentity"/>, sends an initial NAS message (SERVICE REQUEST, DEREGISTRATION REQUEST): one InitialNas frame.</summary>
    public async Task SendInitialNasAsync(byte[] nas, ulong cellIdentity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nas);
        await udp.SendAsync(new EmulatedUuFrame(EmulatedUuKind.InitialNas, nas, cellIdentity).ToBytes(), cell, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The UE answers through the cell it registered on: one UplinkNas frame (the cell relays it as UPLINK NAS TRANSPORT).</summary>
    public async Task SendUplinkNasAsync(byte[] nas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nas);
        var frame = new EmulatedUuFrame(EmulatedUuKind.UplinkNas, nas).ToBytes();
        await udp.SendAsync(frame, cell, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var datagram = await udp.ReceiveAsync(stop.Token).ConfigureAwait(false);
                if (!datagram.RemoteEndPoint.Equals(cell)) continue;
                var (frame, _) = EmulatedUuFrame.Read(datagram.Buffer);
                if (frame is not { Kind: EmulatedUuKind.DownlinkNas })
                {
                    Interlocked.Increment(ref malformed);
                    continue;
                }
                IUeNasAnswerer? nas;
                lock (gate)
                {
                    if (downlinks.Count >= MaxDownlinks) continue;
                    downlinks.Add((DateTimeOffset.UtcNow, frame));
                    nas = security;
                }
                // The UE's NAS answers (null: the UE ignores the message, TS 24.501 4.4.4.2); one receive loop, so one answer at a time.
                if (Answer(nas, frame.Nas) is { } answer)
                {
                    await udp.SendAsync(new EmulatedUuFrame(EmulatedUuKind.UplinkNas, answer).ToBytes(), cell, stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref answered);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary><paramref name="nas"/>'s answer, or null with a finding when it threw (the exception stops here, not the receive loop).</summary>
    private byte[]? Answer(IUeNasAnswerer? nas, byte[] downlink)
    {
        if (nas is null) return null;
        try
        {
            return nas.Answer(downlink);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var finding = new Finding("test UE stub: answer to a downlink NAS PDU the cell relayed", "an answer, or none when the UE ignores it (TS 24.501 4.4.4.2)",
                $"the answer threw {e.GetType().Name} ({e.Message}) on a {downlink.Length}-octet PDU starting {Convert.ToHexString(downlink.AsSpan(0, Math.Min(downlink.Length, 4)))}; left unanswered",
                Conforms: false);
            lock (gate)
            {
                if (findings.Count < MaxFindings) findings.Add(finding);
            }
            return null;
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
        try { receiving.Wait(TimeSpan.FromSeconds(2)); }
        catch (AggregateException) { }
        stop.Dispose();
    }
}
