using FemtoScas.Harness.SmartCard.Trace;

namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>
/// APDU exchange with the transport-level rules of ISO/IEC 7816-3/-4 and TS 102 221 clause 7.3:
/// on '61xx' fetch the rest with GET RESPONSE (bounded), on '6Cxx' re-issue once with the exact
/// Le. Every raw exchange is recorded in the trace.
/// </summary>
public sealed class CardChannel
{
    private const int MaxGetResponse = 32;
    private readonly ICardTransport _transport;

    public CardChannel(ICardTransport transport, ApduTrace? trace = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        Trace = trace ?? new ApduTrace();
    }

    public ApduTrace Trace { get; }

    public string ReaderName => _transport.ReaderName;

    /// <summary>Findings about malformed responses (e.g. fewer than 2 bytes), kept for the test to judge.</summary>
    public List<ParseFinding> Findings { get; } = [];

    public ResponseApdu Transmit(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var response = Raw(command.Encode());
        if (response.Sw1 == 0x6C)
        {
            response = Raw((command with { Ne = response.Sw2 == 0 ? 256 : response.Sw2 }).Encode());
        }
        if (response.Sw1 != 0x61)
        {
            return response;
        }
        var data = new List<byte>(response.Data.ToArray());
        for (var i = 0; i < MaxGetResponse && response.Sw1 == 0x61; i++)
        {
            // GET RESPONSE keeps the class of the original command (TS 102 221 10.1.1).
            var get = new CommandApdu(command.Cla, 0xC0, 0, 0, response.Sw2 == 0 ? 256 : response.Sw2);
            response = Raw(get.Encode());
            data.AddRange(response.Data.Span);
        }
        if (response.Sw1 == 0x61)
        {
            Findings.Add(new ParseFinding(0, $"card still answered 61xx after {MaxGetResponse} GET RESPONSE commands", "ISO/IEC 7816-4 5.6"));
        }
        return new ResponseApdu(data.ToArray(), response.Sw1, response.Sw2);
    }

    private ResponseApdu Raw(byte[] command)
    {
        var bytes = Trace.Run(_transport.ReaderName, command, _transport.Transmit);
        var response = ResponseApdu.Parse(bytes, out var finding);
        if (response is null)
        {
            Findings.Add(finding!);
            // A response without SW is treated as "technical problem" so callers decide on it.
            return new ResponseApdu(bytes, 0x6F, 0x00);
        }
        return response;
    }
}
