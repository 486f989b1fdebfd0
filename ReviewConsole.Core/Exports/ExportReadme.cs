namespace ReviewConsole.Core.Exports;

/// <summary>The README.md inside every export: what the files and fields mean.</summary>
internal static class ExportReadme
{
    public const string Text = """
        # ReviewConsole retraining export

        One line of `manifest.jsonl` per distinct image (by SHA-256 of its bytes), and the original bytes of
        that image under `images/<label>/<sha256>.<ext>`.

        ## Labels and folders
        - A person's decision labels the image when there is one: the latest approve, reject or supervisor
          overturn that was not undone (an overturn wins over the decision it overturns; an audit decision
          labels an auto-decided image without changing its status). The labels are the categories the
          person ticked; an approve with nothing ticked is `safe`, a reject with nothing ticked `unlabelled`.
        - Without a person's decision (unless the export was filtered to human decisions only) the automatic
          decision labels it: approved is `safe`; rejected takes the categories of the rules that rejected
          it (`disallowed` for a disallow-list match), else `unlabelled`.
        - An image with several labels is stored once, in the folder of its first label in alphabetical
          order; `labels` in the manifest lists them all. Folder names keep to `a-z`, `0-9`, `_` and `-`.
        - When the same bytes were submitted several times, the submission a person labelled wins, then the
          most recently decided one.

        ## manifest.jsonl fields
        | field | meaning |
        |---|---|
        | `sha256` | lower-case hex SHA-256 of the original bytes (also the file name) |
        | `file` | path of the image inside this zip |
        | `label` | the folder label (first of `labels`) |
        | `labels` | every label: ticked categories, or `safe` / `unlabelled` (see above) |
        | `labelSource` | `human` (a person's decision) or `auto` (the policy's automatic decision) |
        | `decision` | `approved` or `rejected`: the labelling decision |
        | `decidedAt` | when that decision was made (ISO 8601, UTC) |
        | `aiDecision` | what the AI's scores decided under the policy: `approved`, `rejected` or `review` (it deferred to people) |
        | `disagreement` | true when a person decided and `aiDecision` was the opposite final decision |
        | `auditSample` | the auto-decided image was sampled for the audit queue (an unbiased error estimate) |
        | `scores` | the AI's score per category, 0 to 1, as recorded when the image was scored |
        | `models` | model version per detector at scoring time |
        | `policy`, `policyVersion` | the policy and its version the image was decided under |
        | `moderator` | pseudonymous id of the person (`m_` + 32 hex digits of HMAC-SHA256 of the user id under a secret of this installation); stable across exports, never the e-mail; null for automatic labels |
        | `feedback` | the integrating app's feedback on the image: `label`, `outcome` (`review_opened`, `review_pending`, `labelled_example`), `note`, `createdAt` |
        | `format`, `width`, `height` | the original's format and size |
        | `split` | `train`, `val` or `test` |

        ## Split
        Deterministic by hash: the first 64 bits of the SHA-256 read as a fraction in [0,1) give `train`
        below 0.8, `val` below 0.9, else `test`. The same image is in the same split in every export,
        whatever the filters or the order of rows. Near duplicates (a resized or re-compressed copy has a
        different SHA-256) are not kept together: deduplicate by PDQ before training if leakage matters.

        ## stats.json
        When it was generated, the filters used, images per split, and per label the count in each split.
        `missingBlobs` counts matching images whose original was no longer stored (left out).

        ## Filters
        `from`/`to` are UTC days, inclusive, on `decidedAt`; `categories` keeps images with one of those
        labels; `humanOnly` keeps `labelSource = human`; `disagreementsOnly` keeps `disagreement = true`;
        `auditOnly` keeps audit samples.
        """;
}
