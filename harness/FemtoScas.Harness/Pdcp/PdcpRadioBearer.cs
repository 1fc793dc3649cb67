using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Pdcp;

/// <summary>
/// One end of a radio bearer: the transmitting entity in this end's direction and the receiving
/// entity in the other (the UE sends uplink and receives downlink, the gNB the reverse; TS 38.323
/// 4.2.1). The SimFemto cell and the harness UE each hold one per SRB/DRB.
/// </summary>
public sealed class PdcpRadioBearer
{
    public PdcpRadioBearer(PdcpBearerConfig config, bool isUe, int maxBuffered = 1024)
    {
        Config = config ?? throw new ArgumentNullException(nameof(config));
        var own = isUe ? NrDirection.Uplink : NrDirection.Downlink;
        var peer = isUe ? NrDirection.Downlink : NrDirection.Uplink;
        Transmitter = new PdcpTransmitter(config, own);
        Receiver = new PdcpReceiver(config, peer, maxBuffered);
    }

    public PdcpBearerConfig Config { get; }

    public PdcpTransmitter Transmitter { get; }

    public PdcpReceiver Receiver { get; }

    /// <summary>Both directions use <paramref name="security"/> from the next PDU on.</summary>
    public void Use(PdcpSecurity security)
    {
        ArgumentNullException.ThrowIfNull(security);
        Transmitter.Security = security;
        Receiver.Security = security;
    }

    /// <summary>Protects one SDU (<see cref="PdcpTransmitter.Protect"/>).</summary>
    public byte[] Send(ReadOnlySpan<byte> sdu, PdcpManoeuvre? manoeuvre = null) => Transmitter.Protect(sdu, manoeuvre);

    /// <summary>Unprotects one PDU (<see cref="PdcpReceiver.Receive"/>).</summary>
    public PdcpReceiveResult Receive(ReadOnlySpan<byte> pdu) => Receiver.Receive(pdu);

    public override string ToString() => Config.ToString();
}
