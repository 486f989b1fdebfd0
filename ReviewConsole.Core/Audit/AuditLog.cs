using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Audit;

/// <summary>
/// Reads the audit trail: the recorded <see cref="AuditEvent"/>s and the review decisions (their own
/// append-only table), merged newest first. Read-only by construction.
/// </summary>
public sealed class AuditLog(ReviewDbContext db)
{
    /// <summary>The most rows a page may skip past: paging deeper than this is what the filters are for.</summary>
    public const int MaxDepth = 100_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One page of the filtered trail, newest first, and how many rows match in all.</summary>
    public async Task<AuditEntryPage> PageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        skip = Math.Clamp(skip, 0, MaxDepth);
        take = Math.Clamp(take, 1, 1000);
        var events = Events(filter);
        var decisions = Decisions(filter);
        var total = (events is null ? 0 : await events.CountAsync(cancellationToken))
            + (decisions is null ? 0 : await decisions.CountAsync(cancellationToken));

        // Each source's newest skip+take rows are enough to know the merged page.
        var window = skip + take;
        var fromEvents = events is null ? [] : await OrderedEvents(events).Take(window).ToListAsync(cancellationToken);
        var fromDecisions = decisions is null ? [] : ToEntries(await OrderedDecisions(decisions).Take(window).ToListAsync(cancellationToken));
        var page = fromEvents.Concat(fromDecisions).OrderByDescending(e => e.At).ThenByDescending(e => e.Key).Skip(skip).Take(take).ToList();
        return new AuditEntryPage(total, page);
    }

    /// <summary>Every filtered row, newest first, merged as it is read (the CSV download).</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var events = Events(filter);
        var decisions = Decisions(filter);
        await using var left = (events is null ? AsyncEnumerable.Empty<AuditEntry>() : OrderedEvents(events).AsAsyncEnumerable()).GetAsyncEnumerator(cancellationToken);
        await using var right = (decisions is null ? AsyncEnumerable.Empty<AuditEntry>() : StreamDecisions(OrderedDecisions(decisions))).GetAsyncEnumerator(cancellationToken);
        var hasLeft = await left.MoveNextAsync();
        var hasRight = await right.MoveNextAsync();
        while (hasLeft || hasRight)
        {
            if (hasLeft && (!hasRight || left.Current.At >= right.Current.At))
            {
                yield return left.Current;
                hasLeft = await left.MoveNextAsync();
            }
            else
            {
                yield return right.Current;
                hasRight = await right.MoveNextAsync();
            }
        }
    }

    /// <summary>Writes the filtered rows as CSV (RFC 4180, UTC ISO 8601 times); returns the number of rows.</summary>
    public async Task<int> WriteCsvAsync(AuditFilter filter, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await writer.WriteLineAsync("at,actor_id,actor,type,subject,summary,data");
        var rows = 0;
        await foreach (var entry in StreamAsync(filter, cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(
                ',',
                entry.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Csv(entry.ActorId),
                Csv(entry.ActorName),
                Csv(entry.Type),
                Csv(entry.Subject),
                Csv(entry.Summary),
                Csv(entry.DataJson)));
            rows++;
        }

        await writer.FlushAsync(cancellationToken);
        return rows;
    }

    private IQueryable<AuditEvent>? Events(AuditFilter filter)
    {
        if (filter.Type is { Length: > 0 } type && type.StartsWith(AuditEventTypes.ReviewPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var query = db.AuditEvents.AsNoTracking();
        if (filter.Type is { Length: > 0 } only)
        {
            query = query.Where(e => e.Type == only);
        }

        if (filter.Actor is { Length: > 0 } actor)
        {
            query = query.Where(e => e.ActorId == actor || e.ActorName.Contains(actor));
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        return query;
    }

    private IQueryable<DecisionRow>? Decisions(AuditFilter filter)
    {
        var decisions = db.ReviewDecisions.AsNoTracking();
        if (filter.Type is { Length: > 0 } type)
        {
            if (!type.StartsWith(AuditEventTypes.ReviewPrefix, StringComparison.Ordinal)
                || !Enum.TryParse<ReviewDecisionKind>(type[AuditEventTypes.ReviewPrefix.Length..], ignoreCase: true, out var kind))
            {
                return null;
            }

            decisions = decisions.Where(d => d.Kind == kind);
        }

        if (filter.From is { } from)
        {
            decisions = decisions.Where(d => d.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            decisions = decisions.Where(d => d.CreatedAt < to);
        }

        var actor = filter.Actor is { Length: > 0 } a ? a : null;
        return
            from d in decisions
            join u in db.Users on d.ActorId equals u.Id into users
            from u in users.DefaultIfEmpty()
            where actor == null || d.ActorId == actor || (u != null && u.Email != null && u.Email.Contains(actor))
            select new DecisionRow
            {
                Id = d.Id,
                At = d.CreatedAt,
                ActorId = d.ActorId,
                ActorEmail = u == null ? null : u.Email,
                Kind = d.Kind,
                ImageId = d.ImageId,
                Queue = d.Queue,
                Status = d.Status,
                LabelsJson = d.LabelsJson,
                Note = d.Note,
                AddToDisallowList = d.AddToDisallowList,
                RevertsDecisionId = d.RevertsDecisionId,
            };
    }

    private static IQueryable<AuditEntry> OrderedEvents(IQueryable<AuditEvent> events) =>
        events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new AuditEntry("a" + e.Id, e.At, e.ActorId, e.ActorName, e.Type, e.Subject, e.Summary, e.DataJson));

    private static IQueryable<DecisionRow> OrderedDecisions(IQueryable<DecisionRow> decisions) =>
        decisions.OrderByDescending(d => d.At).ThenByDescending(d => d.Id);

    private static async IAsyncEnumerable<AuditEntry> StreamDecisions(IQueryable<DecisionRow> decisions)
    {
        await foreach (var row in decisions.AsAsyncEnumerable())
        {
            yield return ToEntry(row);
        }
    }

    private static List<AuditEntry> ToEntries(List<DecisionRow> rows) => rows.ConvertAll(ToEntry);

    private static AuditEntry ToEntry(DecisionRow d)
    {
        var verb = d.Kind switch
        {
            ReviewDecisionKind.Approve => "Approved",
            ReviewDecisionKind.Reject => "Rejected",
            ReviewDecisionKind.Escalate => "Escalated",
            ReviewDecisionKind.Skip => "Skipped",
            ReviewDecisionKind.Overturn => $"Overturned to {d.Status?.ToApiName()}",
            _ => $"Undid decision {d.RevertsDecisionId} on",
        };
        var summary = new StringBuilder($"{verb} image {d.ImageId} ({d.Queue} queue)");
        if (d.AddToDisallowList)
        {
            summary.Append(", added to the disallow list");
        }

        if (d.Note is { Length: > 0 } note)
        {
            summary.Append(CultureInfo.InvariantCulture, $": {note}");
        }

        var data = JsonSerializer.Serialize(
            new { decisionId = d.Id, imageId = d.ImageId, queue = d.Queue, status = d.Status?.ToApiName(), labels = JsonSerializer.Deserialize<string[]>(d.LabelsJson, Json), d.Note },
            Json);
        return new AuditEntry(
            "r" + d.Id,
            d.At,
            d.ActorId,
            d.ActorEmail ?? d.ActorId,
            AuditEventTypes.ReviewPrefix + d.Kind.ToString().ToLowerInvariant(),
            $"image:{d.ImageId}",
            summary.ToString(),
            data);
    }

    private static string Csv(string value)
    {
        // A leading =, +, - or @ makes spreadsheets run the cell as a formula: quote it harmlessly.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>A decision as the trail reads it; a class with init members, so queries can filter and order on it.</summary>
    private sealed class DecisionRow
    {
        public long Id { get; init; }

        public DateTimeOffset At { get; init; }

        public required string ActorId { get; init; }

        public string? ActorEmail { get; init; }

        public ReviewDecisionKind Kind { get; init; }

        public Guid ImageId { get; init; }

        public required string Queue { get; init; }

        public ImageStatus? Status { get; init; }

        public required string LabelsJson { get; init; }

        public string? Note { get; init; }

        public bool AddToDisallowList { get; init; }

        public long? RevertsDecisionId { get; init; }
    }
}

/// <summary>What the audit page filters on; every part optional.</summary>
/// <param name="Actor">A user id, or part of an actor's name (an e-mail, a source name).</param>
/// <param name="Type">One type, e.g. <c>policy.revised</c> or <c>review.reject</c>.</param>
/// <param name="From">Inclusive start.</param>
/// <param name="To">Exclusive end.</param>
public sealed record AuditFilter(string? Actor = null, string? Type = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>One row of the trail, an audit event or a review decision alike.</summary>
/// <param name="Key">Unique across both sources (<c>a42</c>, <c>r17</c>).</param>
/// <param name="At">When it happened.</param>
/// <param name="ActorId">Who (a user id, <c>system</c>, <c>cli</c> or a source id).</param>
/// <param name="ActorName">Who, readable.</param>
/// <param name="Type">What kind of change.</param>
/// <param name="Subject">What it changed.</param>
/// <param name="Summary">One line.</param>
/// <param name="DataJson">The details.</param>
public sealed record AuditEntry(string Key, DateTimeOffset At, string ActorId, string ActorName, string Type, string Subject, string Summary, string DataJson);

/// <summary>A page of the trail and the number of matching rows in all.</summary>
public sealed record AuditEntryPage(int Total, IReadOnlyList<AuditEntry> Entries);
