using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Pcsc;
using FemtoScas.Harness.SmartCard.Trace;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.SmartCard.Readers;

/// <summary>How the harness reached the card, recorded in every test's evidence.</summary>
public enum ReaderPath
{
    /// <summary>Through the real PC/SC service (pcscd / WinSCard) and the platform's binding.</summary>
    Pcsc,
    /// <summary>Through a reader registered in <see cref="InProcessReaders"/> (no PC/SC service).</summary>
    InProcess,
}

/// <summary>
/// One test's connection to the card under test (the femto's UICC or HPM), from power-on to
/// release. An in-process reader registered under the asked name wins; otherwise the PC/SC
/// service is asked for the reader (exact name, else the one name starting with it, else the
/// only reader holding a card). Every session starts from a reset card, so volatile state such
/// as a verified PIN never leaks from one test into the next.
/// </summary>
public sealed class ReaderSession : IDisposable
{
    private readonly PcscContext? _context;
    private readonly PcscCard? _card;

    private ReaderSession(ICardTransport transport, ReaderPath path, string description, ApduTrace trace, PcscContext? context, PcscCard? card, CancellationToken cancellationToken)
    {
        Path = path;
        Description = description;
        Channel = new CardChannel(cancellationToken.CanBeCanceled ? new GuardedTransport(transport, cancellationToken) : transport, trace);
        Usim = new UsimApplication(Channel);
        _context = context;
        _card = card;
    }

    public ReaderPath Path { get; }

    /// <summary>One line for the evidence: which path, which reader, and what it answered with.</summary>
    public string Description { get; }

    public string ReaderName => Channel.ReaderName;

    public CardChannel Channel { get; }

    public UsimApplication Usim { get; }

    public ApduTrace Trace => Channel.Trace;

    /// <param name="readerName">The PIXIT's reader name; null lets the only reader with a card be used.</param>
    /// <param name="cardTimeout">How long to wait for the PC/SC service to see a card in the reader.</param>
    /// <param name="trace">Where the APDUs go for the evidence; null: a new trace.</param>
    /// <param name="cancellationToken">The test's guard: once cancelled, the next APDU is not sent.</param>
    /// <exception cref="HarnessEnvironmentException">No reader or no card: the lab setup, not the DUT.</exception>
    public static ReaderSession Open(string? readerName, TimeSpan cardTimeout, ApduTrace? trace = null, CancellationToken cancellationToken = default)
    {
        trace ??= new ApduTrace();
        if (InProcessReaders.Find(readerName) is { } local)
        {
            var transport = local.Insert();
            return new ReaderSession(transport, ReaderPath.InProcess,
                $"in-process reader '{transport.ReaderName}' ({local.Description}); no PC/SC service was used", trace, null, null, cancellationToken);
        }
        PcscContext context;
        try
        {
            context = PcscContext.Establish();
        }
        catch (SmartCardException e) when (e.ServiceUnavailable)
        {
            throw new HarnessEnvironmentException(
                $"no card reader: none registered in-process{(readerName is null ? "" : $" as '{readerName}'")} and {e.Message}", e);
        }
        PcscCard? card = null;
        try
        {
            var reader = ChooseReader(context, readerName);
            if (!context.WaitForCard(reader, present: true, cardTimeout))
            {
                throw new HarnessEnvironmentException($"no card in reader '{reader}' within {cardTimeout.TotalSeconds:0} s (insert the HPM/UICC)");
            }
            card = context.Connect(reader);
            // Warm reset: the test starts from a card in its power-on state (TS 102 221 6.2).
            card.Reconnect(CardDisposition.Reset);
            var status = card.Status();
            return new ReaderSession(card, ReaderPath.Pcsc,
                $"real PC/SC service through {context.LibraryName}, reader '{reader}', protocol {card.ActiveProtocol}, ATR {Convert.ToHexString(status.Atr)}",
                trace, context, card, cancellationToken);
        }
        catch
        {
            card?.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a card check and turns the card leaving the reader into INCONCLUSIVE with the binding's
    /// own message ("card removed from reader '…' during …"): the DUT's card is not judged on an
    /// exchange that never completed, and the run goes on with the next test.
    /// </summary>
    public static Decision DecideUnlessRemoved(Func<Decision> check, Action<string>? step = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return check();
        }
        catch (SmartCardException e) when (e.CardRemoved)
        {
            step?.Invoke(e.Message);
            return Decision.Inconclusive(e.Message);
        }
    }

    public void Dispose()
    {
        try
        {
            // Reset on release, so no verified PIN stays behind for another application on the host.
            _card?.Disconnect(CardDisposition.Reset);
        }
        catch (SmartCardException)
        {
            // The card or reader is already gone; nothing is left to release.
        }
        _card?.Dispose();
        _context?.Dispose();
    }

    /// <summary>Stops a long exchange (a file sweep) between two APDUs when the test's guard timer fires.</summary>
    private sealed class GuardedTransport(ICardTransport inner, CancellationToken cancellationToken) : ICardTransport
    {
        public string ReaderName => inner.ReaderName;

        public byte[] Transmit(byte[] commandApdu)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return inner.Transmit(commandApdu);
        }
    }

    private static string ChooseReader(PcscContext context, string? wanted)
    {
        var readers = context.ListReaders();
        var listed = readers.Count == 0 ? "none" : string.Join("', '", readers);
        if (wanted is not null)
        {
            if (readers.Contains(wanted))
            {
                return wanted;
            }
            var prefixed = readers.Where(r => r.StartsWith(wanted, StringComparison.Ordinal)).ToList();
            return prefixed.Count == 1
                ? prefixed[0]
                : throw new HarnessEnvironmentException($"PC/SC reader '{wanted}' (PIXIT hpmReader) not found; readers: '{listed}'");
        }
        var withCard = readers.Where(r => context.WaitForCard(r, present: true, TimeSpan.Zero)).ToList();
        return withCard.Count == 1
            ? withCard[0]
            : throw new HarnessEnvironmentException(
                $"the PIXIT names no hpmReader and {withCard.Count} readers hold a card (readers: '{listed}'); set pixit.hpmReader");
    }
}
