"""The restore testing and tiering part of test_model.py's world and
examples: what `setup` adds to the world and a valid request for each of
those operations.
"""

import scenario as sc

VAULT = "conf-vault"


def setup(client, w):
    """Two restore testing plans (one with a selection, one bare to delete)
    and a tiering configuration on the conformance vault."""
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("conf_rtp"), CreatorRequestId="crtp-1")
    client.create_restore_testing_selection(
        RestoreTestingPlanName="conf_rtp", RestoreTestingSelection=sc.rts_doc("conf_rts")
    )
    client.create_restore_testing_plan(RestoreTestingPlan=sc.rtp_doc("conf_bare_rtp"))
    w["tiering_arn"] = client.create_tiering_configuration(
        TieringConfiguration=sc.tiering_doc(vault=VAULT),
        TieringConfigurationTags={"team": "conformance"},
        CreatorRequestId="ct-1",
    )["TieringConfigurationArn"]


EXAMPLES = {
    "CreateRestoreTestingPlan": lambda w: {
        "RestoreTestingPlan": sc.rtp_doc("conf_new_rtp"),
        "CreatorRequestId": "new-rtp-1",
        "Tags": {"team": "conformance"},
    },
    "UpdateRestoreTestingPlan": lambda w: {
        "RestoreTestingPlanName": "conf_rtp",
        "RestoreTestingPlan": {"StartWindowHours": 48},
    },
    "GetRestoreTestingPlan": lambda w: {"RestoreTestingPlanName": "conf_rtp"},
    "ListRestoreTestingPlans": lambda w: {"MaxResults": 10},
    "DeleteRestoreTestingPlan": lambda w: {"RestoreTestingPlanName": "conf_bare_rtp"},
    "CreateRestoreTestingSelection": lambda w: {
        "RestoreTestingPlanName": "conf_rtp",
        "RestoreTestingSelection": {
            "RestoreTestingSelectionName": "conf_new_rts",
            "IamRoleArn": sc.ROLE_ARN,
            "ProtectedResourceType": "EBS",
            "ProtectedResourceConditions": {"StringEquals": [{"Key": "aws:ResourceTag/restore", "Value": "yes"}]},
        },
        "CreatorRequestId": "new-rts-1",
    },
    "UpdateRestoreTestingSelection": lambda w: {
        "RestoreTestingPlanName": "conf_rtp",
        "RestoreTestingSelectionName": "conf_rts",
        "RestoreTestingSelection": {"ValidationWindowHours": 12},
    },
    "GetRestoreTestingSelection": lambda w: {
        "RestoreTestingPlanName": "conf_rtp",
        "RestoreTestingSelectionName": "conf_rts",
    },
    "ListRestoreTestingSelections": lambda w: {"RestoreTestingPlanName": "conf_rtp", "MaxResults": 10},
    "DeleteRestoreTestingSelection": lambda w: {
        "RestoreTestingPlanName": "conf_rtp",
        "RestoreTestingSelectionName": "conf_rts",
    },
    "CreateTieringConfiguration": lambda w: {
        "TieringConfiguration": sc.tiering_doc(name="conf_new_tiering", vault="conf-empty"),
        "TieringConfigurationTags": {"team": "conformance"},
        "CreatorRequestId": "new-tiering-1",
    },
    "UpdateTieringConfiguration": lambda w: {
        "TieringConfigurationName": sc.TIERING,
        "TieringConfiguration": {
            "BackupVaultName": "*",
            "ResourceSelection": [
                {"ResourceType": "S3", "Resources": [sc.BUCKET_ARN], "TieringDownSettingsInDays": 90}
            ],
        },
    },
    "GetTieringConfiguration": lambda w: {"TieringConfigurationName": sc.TIERING},
    "ListTieringConfigurations": lambda w: {"MaxResults": 10},
    "DeleteTieringConfiguration": lambda w: {"TieringConfigurationName": sc.TIERING},
}
