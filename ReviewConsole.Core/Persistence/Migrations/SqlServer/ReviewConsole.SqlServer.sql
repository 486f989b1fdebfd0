IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [BlurSensitiveImages] bit NOT NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [Sources] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [ProtectedWebhookSecret] nvarchar(1024) NOT NULL,
        [DefaultCallbackUrl] nvarchar(2048) NULL,
        [DefaultPolicy] nvarchar(100) NULL,
        [RequestsPerMinute] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Sources] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [ApiKeys] (
        [Id] uniqueidentifier NOT NULL,
        [SourceId] uniqueidentifier NOT NULL,
        [Hash] char(64) NOT NULL,
        [DisplayPrefix] nvarchar(10) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [RevokedAt] datetimeoffset NULL,
        CONSTRAINT [PK_ApiKeys] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ApiKeys_Sources_SourceId] FOREIGN KEY ([SourceId]) REFERENCES [Sources] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE TABLE [Images] (
        [Id] uniqueidentifier NOT NULL,
        [SourceId] uniqueidentifier NOT NULL,
        [ExternalId] nvarchar(200) NULL,
        [Sha256] char(64) NOT NULL,
        [Format] nvarchar(8) NOT NULL,
        [Width] int NOT NULL,
        [Height] int NOT NULL,
        [FrameCount] int NOT NULL,
        [ByteLength] bigint NOT NULL,
        [RequestedPolicy] nvarchar(100) NULL,
        [CallbackUrl] nvarchar(2048) NULL,
        [MetadataJson] nvarchar(max) NULL,
        [Status] nvarchar(16) NOT NULL,
        [DecidedBy] nvarchar(8) NULL,
        [ReceivedAt] datetimeoffset NOT NULL,
        [DecidedAt] datetimeoffset NULL,
        CONSTRAINT [PK_Images] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Images_Sources_SourceId] FOREIGN KEY ([SourceId]) REFERENCES [Sources] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ApiKeys_Hash] ON [ApiKeys] ([Hash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_ApiKeys_SourceId] ON [ApiKeys] ([SourceId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_Images_Sha256] ON [Images] ([Sha256]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_Images_SourceId_ExternalId] ON [Images] ([SourceId], [ExternalId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE INDEX [IX_Images_Status_ReceivedAt] ON [Images] ([Status], [ReceivedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Sources_Name] ON [Sources] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123034901_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123034901_Initial', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [AuditSampled] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [ModelsJson] nvarchar(4000) NOT NULL DEFAULT N'';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [Pdq] char(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [PdqQuality] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [PolicyName] nvarchar(100) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [PolicyVersion] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [ReasonsJson] nvarchar(max) NOT NULL DEFAULT N'';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [ScoredAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [ScoringAttempts] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    ALTER TABLE [Images] ADD [ScoringError] nvarchar(1000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE TABLE [DisallowLists] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(100) NOT NULL,
        [PdqThreshold] int NOT NULL,
        [Action] nvarchar(16) NOT NULL,
        [Enabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_DisallowLists] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE TABLE [ImageScores] (
        [Category] nvarchar(64) NOT NULL,
        [ImageId] uniqueidentifier NOT NULL,
        [Score] float NOT NULL,
        CONSTRAINT [PK_ImageScores] PRIMARY KEY ([ImageId], [Category]),
        CONSTRAINT [FK_ImageScores_Images_ImageId] FOREIGN KEY ([ImageId]) REFERENCES [Images] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE TABLE [Policies] (
        [Name] nvarchar(100) NOT NULL,
        [CurrentVersion] int NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Policies] PRIMARY KEY ([Name])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE TABLE [DisallowListEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [ListId] int NOT NULL,
        [Sha256] char(64) NULL,
        [Pdq] char(64) NULL,
        [PdqQuality] int NULL,
        [SourceImageId] uniqueidentifier NULL,
        [AddedBy] nvarchar(256) NOT NULL,
        [AddedAt] datetimeoffset NOT NULL,
        [Note] nvarchar(1000) NULL,
        CONSTRAINT [PK_DisallowListEntries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DisallowListEntries_DisallowLists_ListId] FOREIGN KEY ([ListId]) REFERENCES [DisallowLists] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_DisallowListEntries_Images_SourceImageId] FOREIGN KEY ([SourceImageId]) REFERENCES [Images] ([Id]) ON DELETE SET NULL
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE TABLE [PolicyVersions] (
        [Id] uniqueidentifier NOT NULL,
        [PolicyName] nvarchar(100) NOT NULL,
        [Version] int NOT NULL,
        [RulesJson] nvarchar(max) NOT NULL,
        [AuditSampleRate] float NOT NULL,
        [TextDetection] bit NOT NULL,
        [CreatedBy] nvarchar(256) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Note] nvarchar(1000) NULL,
        CONSTRAINT [PK_PolicyVersions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PolicyVersions_Policies_PolicyName] FOREIGN KEY ([PolicyName]) REFERENCES [Policies] ([Name]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE INDEX [IX_DisallowListEntries_ListId] ON [DisallowListEntries] ([ListId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE INDEX [IX_DisallowListEntries_Sha256] ON [DisallowListEntries] ([Sha256]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE INDEX [IX_DisallowListEntries_SourceImageId] ON [DisallowListEntries] ([SourceImageId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DisallowLists_Name] ON [DisallowLists] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE INDEX [IX_ImageScores_Category_Score] ON [ImageScores] ([Category], [Score]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PolicyVersions_PolicyName_Version] ON [PolicyVersions] ([PolicyName], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123044323_Scoring'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123044323_Scoring', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE TABLE [WebhookDeliveries] (
        [Id] uniqueidentifier NOT NULL,
        [SourceId] uniqueidentifier NOT NULL,
        [ImageId] uniqueidentifier NOT NULL,
        [EventType] varchar(40) NOT NULL,
        [TargetUrl] nvarchar(2048) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [State] nvarchar(16) NOT NULL,
        [AttemptCount] int NOT NULL,
        [FailuresInSchedule] int NOT NULL,
        [NextAttemptAt] datetimeoffset NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ScheduleStartedAt] datetimeoffset NOT NULL,
        [CompletedAt] datetimeoffset NULL,
        [LeaseId] uniqueidentifier NULL,
        CONSTRAINT [PK_WebhookDeliveries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_WebhookDeliveries_Images_ImageId] FOREIGN KEY ([ImageId]) REFERENCES [Images] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_WebhookDeliveries_Sources_SourceId] FOREIGN KEY ([SourceId]) REFERENCES [Sources] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE TABLE [WebhookAttempts] (
        [Id] uniqueidentifier NOT NULL,
        [DeliveryId] uniqueidentifier NOT NULL,
        [AttemptedAt] datetimeoffset NOT NULL,
        [StatusCode] int NULL,
        [Error] nvarchar(500) NULL,
        [DurationMilliseconds] bigint NOT NULL,
        CONSTRAINT [PK_WebhookAttempts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_WebhookAttempts_WebhookDeliveries_DeliveryId] FOREIGN KEY ([DeliveryId]) REFERENCES [WebhookDeliveries] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookAttempts_DeliveryId_AttemptedAt] ON [WebhookAttempts] ([DeliveryId], [AttemptedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookDeliveries_CreatedAt] ON [WebhookDeliveries] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookDeliveries_ImageId] ON [WebhookDeliveries] ([ImageId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookDeliveries_LeaseId] ON [WebhookDeliveries] ([LeaseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookDeliveries_SourceId_CreatedAt] ON [WebhookDeliveries] ([SourceId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookDeliveries_State_NextAttemptAt] ON [WebhookDeliveries] ([State], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123050513_Webhooks'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123050513_Webhooks', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE TABLE [ReviewTasks] (
        [Id] uniqueidentifier NOT NULL,
        [ImageId] uniqueidentifier NOT NULL,
        [Queue] nvarchar(100) NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [PriorityBand] int NOT NULL,
        [ReceivedAt] datetimeoffset NOT NULL,
        [EnqueuedAt] datetimeoffset NOT NULL,
        [EscalatedAt] datetimeoffset NULL,
        [State] nvarchar(16) NOT NULL,
        [LeaseHolder] nvarchar(450) NULL,
        [LeaseExpiresAt] datetimeoffset NULL,
        [LeaseId] uniqueidentifier NULL,
        [SkippedBy] nvarchar(450) NULL,
        [SkippedUntil] datetimeoffset NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [DecidedAt] datetimeoffset NULL,
        CONSTRAINT [PK_ReviewTasks] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ReviewTasks_Images_ImageId] FOREIGN KEY ([ImageId]) REFERENCES [Images] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE TABLE [ReviewDecisions] (
        [Id] bigint NOT NULL IDENTITY,
        [ImageId] uniqueidentifier NOT NULL,
        [TaskId] uniqueidentifier NULL,
        [ActorId] nvarchar(450) NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [Queue] nvarchar(100) NOT NULL,
        [Status] nvarchar(16) NULL,
        [LabelsJson] nvarchar(2000) NOT NULL,
        [Note] nvarchar(2000) NULL,
        [AddToDisallowList] bit NOT NULL,
        [DisallowEntryId] bigint NULL,
        [RevertsDecisionId] bigint NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ReviewDecisions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ReviewDecisions_Images_ImageId] FOREIGN KEY ([ImageId]) REFERENCES [Images] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_ReviewDecisions_ReviewTasks_TaskId] FOREIGN KEY ([TaskId]) REFERENCES [ReviewTasks] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE INDEX [IX_ReviewDecisions_ActorId_CreatedAt] ON [ReviewDecisions] ([ActorId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE INDEX [IX_ReviewDecisions_ImageId_Id] ON [ReviewDecisions] ([ImageId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE INDEX [IX_ReviewDecisions_TaskId_Id] ON [ReviewDecisions] ([TaskId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ReviewTasks_ImageId_Kind] ON [ReviewTasks] ([ImageId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_LeaseId] ON [ReviewTasks] ([LeaseId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_Queue_State_PriorityBand_ReceivedAt] ON [ReviewTasks] ([Queue], [State], [PriorityBand] DESC, [ReceivedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123051749_Review'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123051749_Review', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123061813_Feedback'
)
BEGIN
    CREATE TABLE [ImageFeedback] (
        [Id] uniqueidentifier NOT NULL,
        [ImageId] uniqueidentifier NOT NULL,
        [SourceId] uniqueidentifier NOT NULL,
        [Label] nvarchar(64) NOT NULL,
        [Note] nvarchar(2000) NULL,
        [Outcome] nvarchar(24) NOT NULL,
        [TaskId] uniqueidentifier NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ImageFeedback] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ImageFeedback_Images_ImageId] FOREIGN KEY ([ImageId]) REFERENCES [Images] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_ImageFeedback_ReviewTasks_TaskId] FOREIGN KEY ([TaskId]) REFERENCES [ReviewTasks] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123061813_Feedback'
)
BEGIN
    CREATE INDEX [IX_ImageFeedback_ImageId_CreatedAt] ON [ImageFeedback] ([ImageId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123061813_Feedback'
)
BEGIN
    CREATE INDEX [IX_ImageFeedback_SourceId_CreatedAt] ON [ImageFeedback] ([SourceId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123061813_Feedback'
)
BEGIN
    CREATE INDEX [IX_ImageFeedback_TaskId] ON [ImageFeedback] ([TaskId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123061813_Feedback'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123061813_Feedback', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123063711_LiveQueues'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_ReviewTasks_OpenByPriority] ON [ReviewTasks] ([Queue], [PriorityBand] DESC, [ReceivedAt], [Id]) WHERE [State] <> ''Decided''');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123063711_LiveQueues'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123063711_LiveQueues', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123071625_AuditLog'
)
BEGIN
    CREATE TABLE [AuditEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [ActorId] nvarchar(450) NOT NULL,
        [ActorName] nvarchar(256) NOT NULL,
        [Type] nvarchar(64) NOT NULL,
        [Subject] nvarchar(200) NOT NULL,
        [Summary] nvarchar(1000) NOT NULL,
        [DataJson] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_AuditEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123071625_AuditLog'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_ActorId_At] ON [AuditEvents] ([ActorId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123071625_AuditLog'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_At] ON [AuditEvents] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123071625_AuditLog'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_Type_At] ON [AuditEvents] ([Type], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123071625_AuditLog'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123071625_AuditLog', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    DROP INDEX [IX_ReviewTasks_ImageId_Kind] ON [ReviewTasks];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewTasks] ADD [AiOutcome] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewTasks] ADD [ClaimedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewTasks] ADD [DecidedBy] nvarchar(450) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewTasks] ADD [DecidedStatus] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewTasks] ADD [ExcludedUserId] nvarchar(450) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewTasks] ADD [GoldLabel] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewTasks] ADD [ServedTo] nvarchar(450) NOT NULL DEFAULT N'';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewDecisions] ADD [ClaimedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewDecisions] ADD [HandlingMilliseconds] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ReviewDecisions] ADD [TaskKind] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    ALTER TABLE [ImageScores] ADD [Band] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE TABLE [GoldMarks] (
        [Id] bigint NOT NULL IDENTITY,
        [ImageId] uniqueidentifier NOT NULL,
        [IsGold] bit NOT NULL,
        [Label] nvarchar(16) NOT NULL,
        [LabelAuthorId] nvarchar(450) NULL,
        [ActorId] nvarchar(450) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_GoldMarks] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_GoldMarks_Images_ImageId] FOREIGN KEY ([ImageId]) REFERENCES [Images] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_DecidedAt] ON [ReviewTasks] ([DecidedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_EnqueuedAt_DecidedAt] ON [ReviewTasks] ([EnqueuedAt], [DecidedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ReviewTasks_ImageId_Kind_ServedTo] ON [ReviewTasks] ([ImageId], [Kind], [ServedTo]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_Kind_DecidedAt] ON [ReviewTasks] ([Kind], [DecidedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_ReviewDecisions_ActorId_HandlingMilliseconds_CreatedAt_Kind] ON [ReviewDecisions] ([ActorId], [HandlingMilliseconds], [CreatedAt], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_ReviewDecisions_CreatedAt_Kind_ActorId_HandlingMilliseconds] ON [ReviewDecisions] ([CreatedAt], [Kind], [ActorId], [HandlingMilliseconds]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_ReviewDecisions_RevertsDecisionId] ON [ReviewDecisions] ([RevertsDecisionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_Images_DecidedBy_DecidedAt_Status_Id] ON [Images] ([DecidedBy], [DecidedAt], [Status], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_ImageScores_ImageId_Category_Score_Band] ON [ImageScores] ([ImageId], [Category], [Score], [Band]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    CREATE INDEX [IX_GoldMarks_ImageId_Id] ON [GoldMarks] ([ImageId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123072908_Reports'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123072908_Reports', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    DROP INDEX [IX_ReviewTasks_DecidedAt] ON [ReviewTasks];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    DROP INDEX [IX_ReviewTasks_EnqueuedAt_DecidedAt] ON [ReviewTasks];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE TABLE [ReportDailyCounts] (
        [Id] bigint NOT NULL IDENTITY,
        [Day] date NOT NULL,
        [Hour] int NOT NULL,
        [Fact] nvarchar(16) NOT NULL,
        [Key1] nvarchar(256) NOT NULL,
        [Key2] nvarchar(256) NOT NULL,
        [Key3] nvarchar(256) NOT NULL,
        [Bin] int NOT NULL,
        [Count] bigint NOT NULL,
        [Sum] bigint NOT NULL,
        CONSTRAINT [PK_ReportDailyCounts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE TABLE [ReportRollupMarks] (
        [Id] int NOT NULL,
        [LastDecisionId] bigint NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ReportRollupMarks] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_DecidedAt_EnqueuedAt_Queue] ON [ReviewTasks] ([DecidedAt], [EnqueuedAt], [Queue]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_EnqueuedAt_DecidedAt_Queue] ON [ReviewTasks] ([EnqueuedAt], [DecidedAt], [Queue]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_Queue_DecidedAt_EnqueuedAt] ON [ReviewTasks] ([Queue], [DecidedAt], [EnqueuedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE INDEX [IX_ReviewTasks_Queue_EnqueuedAt] ON [ReviewTasks] ([Queue], [EnqueuedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE INDEX [IX_ReportDailyCounts_Day_Hour] ON [ReportDailyCounts] ([Day], [Hour]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    CREATE INDEX [IX_ReportDailyCounts_Hour_Day_Fact] ON [ReportDailyCounts] ([Hour], [Day], [Fact]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123074951_ReportRollups'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123074951_ReportRollups', N'10.0.14');
END;

COMMIT;
GO

