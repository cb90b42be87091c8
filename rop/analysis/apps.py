from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "rop.analysis"
    label = "analysis"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from rop.analysis.models import ChecklistResult
        from rop.analysis.outcomes import on_result_saved

        post_save.connect(on_result_saved, sender=ChecklistResult, dispatch_uid="analysis-stage-outcomes")

        from rop.analysis.asr_terms import configuration_texts
        from rop.core.vocabulary import register

        register("analysis", configuration_texts)
