using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FemtoScas.Reports.Pdf;

/// <summary>A Chrome DevTools protocol call that Chromium answered with an error, or a reply we could not read.</summary>
internal sealed class DevToolsException(string message) : Exception(message);

/// <summary>
/// The few Chrome DevTools protocol calls the PDF printer needs, over the browser's WebSocket on
/// 127.0.0.1 (flat sessions: one connection, a sessionId per page). Commands are JSON objects with
/// an id; the reply with that id carries "result" or "error"; anything else is an event. Only our
/// own Chromium child is ever on the other end, and still every reply is bounded in size.
/// </summary>
internal sealed class DevToolsConnection : IAsyncDisposable
{
    /// <summary>Largest reply read: a printed report is a few MB; base64 adds a third.</summary>
    private const int MaxMessageBytes = 256 * 1024 * 1024;

    private readonly ClientWebSocket _socket = new();
    private readonly List<(string Method, string? SessionId)> _events = [];
    private int _nextId;

    private DevToolsConnection() { }

    public static async Task<DevToolsConnection> ConnectAsync(Uri browserEndpoint, CancellationToken cancellationToken)
    {
        var connection = new DevToolsConnection();
        try
        {
            connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await connection._socket.ConnectAsync(browserEndpoint, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends <paramref name="method"/> and returns its "result" object; events that arrive meanwhile are remembered.</summary>
    public async Task<JsonElement> CallAsync(string method, JsonObject? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null) command["sessionId"] = sessionId;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            using var reply = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var root = reply.RootElement;
            if (root.ValueKind != JsonValueKind.Object) continue;
            if (root.TryGetProperty("id", out var replyId) && replyId.ValueKind == JsonValueKind.Number && replyId.TryGetInt32(out var n) && n == id)
            {
                if (root.TryGetProperty("error", out var error))
                    throw new DevToolsException($"{method}: {(error.TryGetProperty("message", out var m) ? m.ToString() : error.ToString())}");
                return root.TryGetProperty("result", out var result) ? result.Clone() : default;
            }
            Remember(root);
        }
    }

    /// <summary>Waits until the event <paramref name="method"/> of <paramref name="sessionId"/> has arrived (also if it came during an earlier call).</summary>
    public async Task WaitForEventAsync(string method, string? sessionId, CancellationToken cancellationToken)
    {
        while (!_events.Contains((method, sessionId)))
        {
            using var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message.RootElement.ValueKind == JsonValueKind.Object) Remember(message.RootElement);
        }
    }

    private void Remember(JsonElement message)
    {
        if (message.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String && _events.Count < 10_000)
            _events.Add((m.GetString()!, message.TryGetProperty("sessionId", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null));
    }

    private async Task<JsonDocument> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var read = await _socket.ReceiveAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read.MessageType == WebSocketMessageType.Close) throw new DevToolsException("Chromium closed the DevTools connection");
            if (buffer.Length + read.Count > MaxMessageBytes) throw new DevToolsException($"a DevTools reply exceeds {MaxMessageBytes} bytes");
            buffer.Write(chunk, 0, read.Count);
            if (read.EndOfMessage) break;
        }
        try
        {
            return JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw new DevToolsException("a DevTools reply is not JSON: " + e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, quick.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { /* Chromium is going away anyway */ }
        }
        _socket.Dispose();
    }
}
