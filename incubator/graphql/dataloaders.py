"""Dataloaders of the incubator's types (see ``shop/core/graphql/dataloaders.py``): a list of submissions,
approvals or briefs costs one query per relation asked, whatever its length
(tests/incubator/test_query_counts.py pins the numbers)."""

from __future__ import annotations

from django.db.models import Prefetch

from incubator import models
from shop.collection.graphql.dataloaders import LicenceLicensorsLoader
from shop.collection.models import Museum
from shop.core.graphql.dataloaders import DataLoader, RelationLoader


class BriefRelicsLoader(RelationLoader[models.Brief]):
    relation, many = "relics", True

    def prefetch(self) -> str:
        return "relics__museum"


class BriefCategoriesLoader(RelationLoader[models.Brief]):
    relation, many = "categories", True


class SubmissionDesignerLoader(RelationLoader[models.Submission]):
    relation = "designer"


class SubmissionBriefLoader(RelationLoader[models.Submission]):
    relation = "brief"


class SubmissionProductLoader(RelationLoader[models.Submission]):
    relation = "product"


class SubmissionCurrentRevisionLoader(RelationLoader[models.Submission]):
    relation = "current_revision"

    def prefetch(self) -> Prefetch:
        return Prefetch("current_revision", queryset=models.SubmissionRevision.objects.select_related("category"))


class SubmissionRevisionsLoader(RelationLoader[models.Submission]):
    relation, many = "revisions", True

    def prefetch(self) -> Prefetch:
        revisions = models.SubmissionRevision.objects.select_related("category").order_by("number")
        return Prefetch("revisions", queryset=revisions, to_attr="revision_list")


class SubmissionTimelineLoader(RelationLoader[models.Submission]):
    relation, many = "transitions", True

    def prefetch(self) -> Prefetch:
        return Prefetch("transitions", queryset=models.SubmissionTransition.objects.select_related("actor"))


class SubmissionApprovalsLoader(RelationLoader[models.Submission]):
    relation, many = "approvals", True

    def prefetch(self) -> Prefetch:
        return Prefetch("approvals", queryset=models.MuseumApproval.objects.select_related("museum", "revision"))


class SubmissionAgreementLoader(RelationLoader[models.Submission]):
    relation = "agreement"

    def prefetch(self) -> Prefetch:
        return Prefetch("agreement", queryset=models.DesignAgreement.objects.select_related("design"))


class SubmissionSamplesLoader(RelationLoader[models.Submission]):
    relation, many = "samples", True


class SampleImagesLoader(RelationLoader[models.SampleSubmission]):
    relation, many = "images", True


class RevisionCategoryLoader(RelationLoader[models.SubmissionRevision]):
    relation = "category"


class RevisionImagesLoader(RelationLoader[models.SubmissionRevision]):
    relation, many = "images", True


class RevisionUsagesLoader(RelationLoader[models.SubmissionRevision]):
    """The licences a revision uses, each with its relic and the relic's museum."""

    relation, many = "usages", True

    def prefetch(self) -> Prefetch:
        usages = models.RevisionLicenceUsage.objects.select_related("licence__relic__museum")
        return Prefetch("usages", queryset=usages)


class RevisionMuseumsLoader(DataLoader[models.SubmissionRevision, list[Museum]]):
    """Whose approval a revision needs: every licensor of every licence it uses, by id (the rule of
    ``incubator.selectors.revision_museums``, read through the usage and licensor loaders so that a page
    of revisions costs two queries, shared with ``usages`` and ``licensors`` when those are asked too)."""

    def batch_load(self, revisions: list[models.SubmissionRevision]) -> list[list[Museum]]:
        usage_lists = RevisionUsagesLoader.for_request(self.info).load_many(revisions)
        licences = {usage.licence_id: usage.licence for usages in usage_lists for usage in usages}
        shares = dict(
            zip(licences, LicenceLicensorsLoader.for_request(self.info).load_many(licences.values()), strict=True)
        )
        result = []
        for usages in usage_lists:
            museums: dict[int, Museum] = {}
            for usage in usages:
                for share in shares[usage.licence_id]:
                    museums.setdefault(share.museum_id, share.museum)
            result.append([museums[pk] for pk in sorted(museums)])
        return result


class UsageLicenceLoader(RelationLoader[models.RevisionLicenceUsage]):
    relation = "licence"


class ApprovalSubmissionLoader(RelationLoader[models.MuseumApproval]):
    relation = "submission"

    def prefetch(self) -> Prefetch:
        return Prefetch("submission", queryset=models.Submission.objects.select_related("designer"))


class ApprovalRevisionLoader(RelationLoader[models.MuseumApproval]):
    relation = "revision"


class ApprovalMuseumLoader(RelationLoader[models.MuseumApproval]):
    relation = "museum"
