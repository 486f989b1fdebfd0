using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;

namespace ReviewConsole.Components.Pages.Review;

/// <summary>
/// The keyboard-first workbench of one queue: claims an item on arrival, keeps its lease alive while
/// it is shown, hands it back when the moderator leaves, and claims the next one right after each
/// decision. Refusals (a lapsed lease, a closed undo window) are messages, never exceptions.
/// </summary>
public sealed partial class WorkbenchPage
{
    private readonly HashSet<string> _labels = new(StringComparer.Ordinal);
    private ElementReference _surface;
    private Reviewer? _reviewer;
    private string? _loadedQueue;
    private ReviewItem? _item;
    private QueueSummary? _counts;
    private ObscureMode _mode = ObscureMode.Blur;
    private bool _ready;
    private bool _notAllowed;
    private bool _working;
    private bool _revealed;
    private bool _addToList = true;
    private bool _applyToGroup;
    private bool _focusPending;
    private bool _disposed;
    private string? _note;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private UndoOffer? _undo;
    private Guid? _prefetchImageId;
    private IDisposable? _boardSubscription;
    private ITimer? _renewTimer;
    private ITimer? _undoTimer;

    /// <summary>The queue worked here (a policy's name, <c>audit</c> or <c>escalation</c>).</summary>
    [Parameter]
    public string Queue { get; set; } = string.Empty;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private ReviewWorkbench Workbench { get; set; } = default!;

    [Inject]
    private ReviewItems Items { get; set; } = default!;

    [Inject]
    private ReviewQueueBoard Board { get; set; } = default!;

    [Inject]
    private ReviewPreferences Preferences { get; set; } = default!;

    [Inject]
    private IOptions<ReviewOptions> ReviewOptions { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<WorkbenchPage> Logger { get; set; } = default!;

    private TimeSpan? UndoRemaining => _undo is { } undo && ReviewOptions.Value.UndoWindow - (Clock.GetUtcNow() - undo.At) is { } left && left > TimeSpan.Zero ? left : null;

    protected override async Task OnParametersSetAsync()
    {
        // A prerendered page is thrown away when the circuit starts: claiming there would claim twice
        // and release on its disposal. Everything happens once the page is interactive.
        if (!RendererInfo.IsInteractive || _loadedQueue == Queue)
        {
            return;
        }

        if (_item is not null)
        {
            await ReleaseCurrentAsync();
        }

        _loadedQueue = Queue;
        _undo = null;
        _message = null;
        if (_reviewer is null)
        {
            var user = (await AuthenticationState).User;
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity?.Name ?? string.Empty;
            _reviewer = new Reviewer(userId, user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin));
            _mode = await Preferences.GetObscureModeAsync(userId);
            _boardSubscription = Board.Subscribe(OnBoardChanged);
        }

        _notAllowed = Queue == ReviewQueues.Escalation && !_reviewer.IsSupervisor;
        _counts = CountsOf(Board.Current);
        if (!_notAllowed)
        {
            await ClaimNextAsync();
        }

        _ready = true;
        if (Board.Current.Version == 0)
        {
            // The board's first count may still be running as the host starts; count now rather than show zeros.
            await Board.RefreshAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusPending && _item is not null)
        {
            _focusPending = false;
            try
            {
                await _surface.FocusAsync();
            }
            catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException)
            {
                // Focus is a convenience; a closing circuit may not take it.
            }
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        // The note field, the list tick and the mode selector stop their keys from reaching here, so typing never decides.
        if (e.CtrlKey || e.AltKey || e.MetaKey || e.Repeat || _working)
        {
            return;
        }

        switch (e.Key)
        {
            case "a" or "A":
                await DecideAsync(ReviewDecisionKind.Approve);
                break;
            case "r" or "R":
                await DecideAsync(ReviewDecisionKind.Reject);
                break;
            case "s" or "S":
                await DecideAsync(ReviewDecisionKind.Skip);
                break;
            case "e" or "E":
                await DecideAsync(ReviewDecisionKind.Escalate);
                break;
            case "u" or "U":
                await UndoAsync();
                break;
            case "g" or "G":
                ToggleGroup();
                break;
            case " " or "Spacebar":
                _revealed = !_revealed;
                break;
            case [var digit] when digit is >= '1' and <= '9':
                if (_item is { } item && digit - '1' < item.LabelCategories.Count)
                {
                    ToggleLabel(item.LabelCategories[digit - '1']);
                }

                break;
        }
    }

    /// <summary>Keys typed in the note stay there (its keydown does not bubble); Escape hands the keyboard back to the workbench.</summary>
    private void OnNoteKeyDown(KeyboardEventArgs e) => _focusPending |= e.Key == "Escape";

    private void Reveal() => _revealed = true;

    private void ToggleLabel(string category)
    {
        if (!_labels.Remove(category))
        {
            _labels.Add(category);
        }
    }

    private void ToggleGroup()
    {
        if (_item is { WaitingGroup.Count: > 0 })
        {
            _applyToGroup = !_applyToGroup;
        }
    }

    private async Task SetModeAsync(ChangeEventArgs e)
    {
        if (_reviewer is null || !Enum.TryParse<ObscureMode>(e.Value?.ToString(), out var mode) || !Enum.IsDefined(mode))
        {
            return;
        }

        _mode = mode;
        if (!await Preferences.SetObscureModeAsync(_reviewer.UserId, mode))
        {
            Show("The preference could not be saved for your account.", Severity.Warning);
        }
    }

    private async Task DecideAsync(ReviewDecisionKind kind)
    {
        if (_item is not { } item || _reviewer is null || _working)
        {
            return;
        }

        _working = true;
        try
        {
            var input = new DecisionInput([.. _labels], _note, kind == ReviewDecisionKind.Reject && _addToList);
            string? groupReport = null;
            ReviewResult result;
            if (kind is ReviewDecisionKind.Approve or ReviewDecisionKind.Reject && _applyToGroup && item.WaitingGroup.Count > 0)
            {
                var group = await Workbench.DecideGroupAsync([item.Claim.TaskId, .. item.WaitingGroup.Select(g => g.TaskId)], _reviewer, kind, input);
                result = group.Members[0].Result;
                var skipped = group.Skipped.Count(m => m.TaskId != item.Claim.TaskId);
                groupReport = $"Group: {group.Decided} decided" + (skipped > 0 ? $", {skipped} skipped (held by someone else or already decided)." : ".");
            }
            else
            {
                result = kind switch
                {
                    ReviewDecisionKind.Approve => await Workbench.ApproveAsync(item.Claim.TaskId, _reviewer, input),
                    ReviewDecisionKind.Reject => await Workbench.RejectAsync(item.Claim.TaskId, _reviewer, input),
                    ReviewDecisionKind.Skip => await Workbench.SkipAsync(item.Claim.TaskId, _reviewer, _note),
                    _ => await Workbench.EscalateAsync(item.Claim.TaskId, _reviewer, _note),
                };
            }

            if (!result.Succeeded)
            {
                Show(result.Message ?? "The decision was refused.", Severity.Warning);
                if (result.Refusal is ReviewRefusal.LeaseNotHeld or ReviewRefusal.NotFound)
                {
                    // The item is no longer ours: move on rather than leave a dead item on screen.
                    DropItem();
                    await ClaimNextAsync();
                }

                return;
            }

            _message = null;
            if (groupReport is not null)
            {
                Show(groupReport, Severity.Info);
            }

            _undo = new UndoOffer(result.DecisionId!.Value, Clock.GetUtcNow(), Describe(kind));
            StartUndoCountdown();
            DropItem();
            await ClaimNextAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogActionFailed(Logger, ex, kind.ToString());
            Show("Something went wrong; the item is still yours. Try again.", Severity.Error);
        }
        finally
        {
            _working = false;
        }
    }

    private async Task UndoAsync()
    {
        if (_undo is not { } undo || _reviewer is null || UndoRemaining is null)
        {
            return;
        }

        _undo = null;
        var result = await Workbench.UndoAsync(undo.DecisionId, _reviewer);
        if (!result.Succeeded)
        {
            Show(result.Message ?? "The undo was refused.", Severity.Warning);
            return;
        }

        // The undone item is ours again; hand back the one shown meanwhile so we never hold two.
        if (_item is not null)
        {
            await ReleaseCurrentAsync();
        }

        Show($"Undone: {undo.What}.", Severity.Info);
        await ClaimNextAsync();
    }

    /// <summary>Claims and shows the next item (or the one the moderator already holds); an empty queue shows a message.</summary>
    private async Task ClaimNextAsync()
    {
        if (_reviewer is null || _disposed)
        {
            return;
        }

        try
        {
            var result = await Workbench.ClaimNextAsync(Queue, _reviewer);
            if (result.Outcome == ClaimOutcome.NotAllowed)
            {
                _notAllowed = true;
                return;
            }

            if (result.Claim is not { } claim)
            {
                _item = null;
                _prefetchImageId = null;
                return;
            }

            var item = await Items.LoadAsync(claim);
            if (item is null)
            {
                Show("The claimed item's image is gone; it was handed back.", Severity.Warning);
                await Workbench.ReleaseAsync(claim.TaskId, _reviewer);
                return;
            }

            _item = item;
            _labels.Clear();
            _note = null;
            _revealed = false;
            _addToList = true;
            _applyToGroup = false;
            _focusPending = true;
            StartRenewing();
            _prefetchImageId = await Workbench.PeekNextImageAsync(Queue, _reviewer, claim.TaskId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogActionFailed(Logger, ex, "claim");
            Show("The next item could not be loaded. It will be offered again.", Severity.Error);
        }
    }

    private void OnBoardChanged(QueueBoardSnapshot snapshot)
    {
        _ = InvokeAsync(async () =>
        {
            if (_disposed)
            {
                return;
            }

            _counts = CountsOf(snapshot);

            // An empty workbench picks up an arriving item by itself.
            if (_ready && _item is null && !_notAllowed && !_working && _counts?.Waiting > 0)
            {
                _working = true;
                try
                {
                    await ClaimNextAsync();
                }
                finally
                {
                    _working = false;
                }
            }

            StateHasChanged();
        });
    }

    private QueueSummary? CountsOf(QueueBoardSnapshot snapshot) => snapshot.Queues.FirstOrDefault(q => q.Queue == Queue);

    private void StartRenewing()
    {
        _renewTimer?.Dispose();
        var period = ReviewOptions.Value.LeaseDuration / 3;
        _renewTimer = Clock.CreateTimer(_ => _ = InvokeAsync(RenewAsync), null, period, period);
    }

    private async Task RenewAsync()
    {
        if (_item is not { } item || _reviewer is null || _disposed)
        {
            return;
        }

        try
        {
            if (await Workbench.RenewAsync(item.Claim.TaskId, _reviewer) is null && _item == item)
            {
                Show("Your hold on the item lapsed and it went back to the queue.", Severity.Warning);
                DropItem();
                await ClaimNextAsync();
                StateHasChanged();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick tries again; the lease has LeaseDuration/3 of slack per missed renewal.
            LogActionFailed(Logger, ex, "renew");
        }
    }

    private void StartUndoCountdown()
    {
        _undoTimer?.Dispose();
        var tick = TimeSpan.FromMilliseconds(250);
        _undoTimer = Clock.CreateTimer(_ => _ = InvokeAsync(() =>
        {
            if (UndoRemaining is null)
            {
                _undo = null;
                _undoTimer?.Dispose();
                _undoTimer = null;
            }

            StateHasChanged();
        }), null, tick, tick);
    }

    private void DropItem()
    {
        _renewTimer?.Dispose();
        _renewTimer = null;
        _item = null;
    }

    private async Task ReleaseCurrentAsync()
    {
        if (_item is { } item && _reviewer is not null)
        {
            DropItem();
            try
            {
                await Workbench.ReleaseAsync(item.Claim.TaskId, _reviewer, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unreleased, the lease simply runs out.
                LogActionFailed(Logger, ex, "release");
            }
        }
    }

    private void Show(string message, Severity severity) => (_message, _messageSeverity) = (message, severity);

    private static string Describe(ReviewDecisionKind kind) => kind switch
    {
        ReviewDecisionKind.Approve => "Approved",
        ReviewDecisionKind.Reject => "Rejected",
        ReviewDecisionKind.Skip => "Skipped",
        _ => "Escalated",
    };

    /// <summary>Leaving the page (navigation, closed tab, lost circuit) hands the item back at once.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _boardSubscription?.Dispose();
        _undoTimer?.Dispose();
        await ReleaseCurrentAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workbench {Action} failed")]
    private static partial void LogActionFailed(ILogger logger, Exception exception, string action);

    private sealed record UndoOffer(long DecisionId, DateTimeOffset At, string What);
}
