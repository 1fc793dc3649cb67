using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>
/// Requests a responder-role endpoint sent and still awaits answers for, keyed by (SPIr, message ID).
/// The receive loop completes them; the sender retransmits with doubling timeouts, bounded in
/// count (RFC 7296 2.1), and gives up with null.
/// </summary>
internal sealed class PendingRequests
{
    private readonly object _gate = new();
    private readonly Dictionary<(ulong ResponderSpi, uint MessageId), TaskCompletionSource<ReceivedMessage>> _waiters = [];

    public bool IsAwaited(ulong responderSpi, uint messageId)
    {
        lock (_gate)
        {
            return _waiters.ContainsKey((responderSpi, messageId));
        }
    }

    public void Complete(ulong responderSpi, uint messageId, ReceivedMessage answer)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue((responderSpi, messageId), out var waiter))
            {
                waiter.TrySetResult(answer);
            }
        }
    }

    public async Task<ReceivedMessage?> RunAsync(ulong responderSpi, uint messageId, Func<Task> send, TimeSpan firstTimeout, int maxRetransmits, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters[(responderSpi, messageId)] = waiter;
        }

        try
        {
            var timeout = firstTimeout;
            for (int attempt = 0; attempt <= maxRetransmits; attempt++, timeout *= 2)
            {
                await send().ConfigureAwait(false);
                if (await Task.WhenAny(waiter.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false) == waiter.Task)
                {
                    return await waiter.Task.ConfigureAwait(false);
                }
            }

            return null;
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove((responderSpi, messageId));
            }
        }
    }
}
