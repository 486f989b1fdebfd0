namespace ReviewConsole.Core.Policies;

/// <summary>A named policy; its rules live in immutable <see cref="PolicyVersion"/> rows.</summary>
public sealed class Policy
{
    public const int NameMaxLength = 100;

    /// <summary>The policy used when neither the submission nor its source names one.</summary>
    public const string DefaultName = "default";

    private Policy()
    {
        Name = string.Empty;
    }

    public string Name { get; private set; }

    public int CurrentVersion { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static (Policy Policy, PolicyVersion First) Create(string name, PolicySettings settings, string createdBy, DateTimeOffset now)
    {
        name = name.Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new ArgumentException($"A policy name is 1 to {NameMaxLength} characters.", nameof(name));
        }

        var policy = new Policy { Name = name };
        return (policy, policy.Revise(settings, createdBy, now));
    }

    /// <summary>Writes the next version; new submissions use it at once.</summary>
    public PolicyVersion Revise(PolicySettings settings, string createdBy, DateTimeOffset now)
    {
        var problems = settings.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidPolicyException(problems);
        }

        CurrentVersion++;
        UpdatedAt = now;
        return PolicyVersion.Create(Name, CurrentVersion, settings, createdBy, now);
    }
}

public sealed class InvalidPolicyException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
