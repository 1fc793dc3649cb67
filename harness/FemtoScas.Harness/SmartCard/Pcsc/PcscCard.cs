using FemtoScas.Harness.SmartCard.Apdu;

namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// A connection to the card in one reader (SCardConnect). Implements <see cref="ICardTransport"/>
/// so a <see cref="CardChannel"/> and the USIM application run on it unchanged.
/// </summary>
public sealed class PcscCard : ICardTransport, IDisposable
{
    private readonly PcscApi _api;
    private readonly ShareMode _share;
    private nint _card;

    internal PcscCard(PcscApi api, nint card, string reader, ShareMode share, CardProtocol protocol)
    {
        _api = api;
        _card = card;
        _share = share;
        ReaderName = reader;
        ActiveProtocol = protocol;
    }

    public string ReaderName { get; }

    public CardProtocol ActiveProtocol { get; private set; }

    public byte[] Transmit(byte[] commandApdu)
    {
        ArgumentNullException.ThrowIfNull(commandApdu);
        var buffer = new byte[PcscApi.MaxResponse];
        var rc = _api.Transmit(Handle, (uint)ActiveProtocol, commandApdu, buffer, out var length);
        if (rc != PcscError.Success)
        {
            throw Diagnose(rc, "transmit");
        }
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>SCardReconnect; with <see cref="CardDisposition.Reset"/> this is a warm reset of the card.</summary>
    public void Reconnect(CardDisposition initialization = CardDisposition.Reset, CardProtocol protocols = CardProtocol.Any)
    {
        var rc = _api.Reconnect(Handle, (uint)_share, (uint)protocols, (uint)initialization, out var active);
        if (rc != PcscError.Success)
        {
            throw SmartCardException.From(rc, "reconnect", ReaderName);
        }
        ActiveProtocol = (CardProtocol)active;
    }

    public CardStatus Status()
    {
        var rc = _api.Status(Handle, out var reader, out var state, out var protocol, out var atr);
        if (rc != PcscError.Success)
        {
            throw SmartCardException.From(rc, "status", ReaderName);
        }
        return new CardStatus(reader, state, (CardProtocol)protocol, atr);
    }

    public void Disconnect(CardDisposition disposition = CardDisposition.Leave)
    {
        if (_card == 0)
        {
            return;
        }
        var rc = _api.Disconnect(_card, (uint)disposition);
        _card = 0;
        // A card already gone is not a disconnect failure.
        if (rc is not (PcscError.Success or PcscError.RemovedCard or PcscError.NoSmartcard or PcscError.InvalidHandle))
        {
            throw SmartCardException.From(rc, "disconnect", ReaderName);
        }
    }

    public void Dispose()
    {
        if (_card != 0)
        {
            _api.Disconnect(_card, (uint)CardDisposition.Leave);
            _card = 0;
        }
    }

    /// <summary>
    /// When the card vanishes during an exchange pcscd answers a transport error
    /// (SCARD_E_NOT_TRANSACTED with vpcd) before its presence poll has noticed the removal.
    /// SCardStatus is asked again for up to <see cref="RemovalSettle"/> so the message says
    /// "card removed" whenever that is the truth, naming the code transmit itself returned.
    /// </summary>
    private SmartCardException Diagnose(uint rc, string operation)
    {
        if (rc is PcscError.RemovedCard or PcscError.NoSmartcard)
        {
            return SmartCardException.From(rc, operation, ReaderName);
        }
        if (rc is PcscError.NotTransacted or PcscError.CommError or PcscError.UnresponsiveCard or PcscError.UnpoweredCard)
        {
            var deadline = DateTime.UtcNow + RemovalSettle;
            while (true)
            {
                var statusRc = _api.Status(_card, out _, out var state, out _, out _);
                var absent = statusRc is PcscError.RemovedCard or PcscError.NoSmartcard
                    || (statusRc == PcscError.Success && OperatingSystem.IsLinux() && (state & PcscLiteAbsent) != 0);
                if (absent)
                {
                    return SmartCardException.From(PcscError.RemovedCard, operation, ReaderName, $"{operation} itself returned {PcscError.Name(rc)}");
                }
                if (statusRc != PcscError.Success || DateTime.UtcNow >= deadline)
                {
                    break;
                }
                Thread.Sleep(100);
            }
        }
        return SmartCardException.From(rc, operation, ReaderName);
    }

    /// <summary>How long a transport error waits for pcscd to confirm or rule out a removal.</summary>
    private static readonly TimeSpan RemovalSettle = TimeSpan.FromSeconds(2);

    /// <summary>pcsc-lite SCARD_ABSENT in SCardStatus's state bit field.</summary>
    private const uint PcscLiteAbsent = 0x0002;

    private nint Handle => _card != 0 ? _card : throw new ObjectDisposedException(nameof(PcscCard), $"connection to reader '{ReaderName}' is closed");
}
