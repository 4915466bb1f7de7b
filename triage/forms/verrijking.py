"""Forms of the bekendheidscheck: the partner's answer and information, the chair's question and
the incidental partner. They only collect and check the input; whether the action is allowed is
the service's call (triage.services.verrijking).
"""

from django import forms

from intake.forms.melder import _text_field

from ..constants import CheckAnswer, IncidentalGround
from ..services.verrijking import incidental_partner_organisations


class CheckAnswerForm(forms.Form):
    known = forms.TypedChoiceField(
        label="Is (een van) de betrokkene(n) bij uw organisatie bekend?",
        choices=[(CheckAnswer.BEKEND, "Bekend"), (CheckAnswer.NIET_BEKEND, "Niet bekend")],
        coerce=lambda value: value == CheckAnswer.BEKEND,
        widget=forms.RadioSelect,
        help_text="U kunt maar één keer antwoorden. Bij 'bekend' kan de voorzitter u om informatie vragen.",
        error_messages={"required": "Kies 'bekend' of 'niet bekend'."},
    )


class InfoProvideForm(forms.Form):
    text = _text_field(
        label="Informatie vanuit uw organisatie",
        required_message="Vul de informatie in die u vanuit uw organisatie kunt delen.",
        help_text="Alleen wat voor deze casus nodig is en past binnen het doel van uw organisatie.",
    )
    contact = forms.CharField(
        label="Contactpersoon",
        max_length=200,
        help_text="Wie kan de voorzitter over deze informatie bellen of mailen? Naam en telefoonnummer of e-mail.",
        error_messages={
            "required": "Vul in wie de voorzitter over deze informatie kan bellen of mailen.",
            "max_length": "Gebruik hoogstens %(limit_value)d tekens (het zijn er nu %(show_value)d).",
        },
    )


class InfoQuestionForm(forms.Form):
    question = _text_field(
        label="Welke informatie heeft u van deze partner nodig?",
        required_message="Vul in welke informatie u van deze partner nodig heeft.",
        help_text="De partner leest de vraag na inloggen; de e-mail aan de partner noemt alleen het casusnummer.",
    )


class IncidentalPartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisatie",
        queryset=None,
        empty_label="Kies een organisatie",
        error_messages={
            "required": "Kies de organisatie die u wilt vragen.",
            "invalid_choice": "Kies een organisatie uit de lijst.",
        },
    )
    ground = forms.ChoiceField(
        label="Grondslag",
        choices=IncidentalGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies de grondslag waarop deze partner meedoet."},
    )
    explanation = _text_field(
        label="Toelichting op de grondslag",
        required_message="Licht toe waarom deze partner nodig is.",
        help_text="Bijvoorbeeld welke expertise of welke wettelijke taak deze partner in deze casus heeft.",
    )

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations already asked for this case are not offered again.
        self.fields["organisation"].queryset = incidental_partner_organisations().exclude(
            bekendheidschecks__casus=casus
        )
