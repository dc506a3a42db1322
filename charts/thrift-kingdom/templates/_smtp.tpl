{{/*
The SMTP relay of the services with `email.enabled` (values `smtp`): plain settings for the
ConfigMap, the login from a Secret (`smtp.existingSecret`, or `<release>-smtp` rendered from
`smtp.username`/`smtp.password`), egress to the relay's port. Any service may turn it on.
*/}}

{{/* True (non-empty) when this service sends mail: it asks for it and a relay is configured. */}}
{{- define "thrift-kingdom.sendsMail" -}}
{{- if and .svc.email.enabled .root.Values.smtp.host -}}true{{- end -}}
{{- end -}}

{{/* True when any enabled service sends mail. */}}
{{- define "thrift-kingdom.anySendsMail" -}}
{{- range $name, $svc := (include "thrift-kingdom.services" . | fromJson) -}}
{{- if include "thrift-kingdom.sendsMail" (dict "root" $ "svc" $svc) -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{- define "thrift-kingdom.smtpSecretName" -}}
{{- default (printf "%s-smtp" (include "thrift-kingdom.fullname" .)) .Values.smtp.existingSecret -}}
{{- end -}}

{{/* True when the relay takes a login: from the operator's Secret, or a user name in values. */}}
{{- define "thrift-kingdom.smtpLogin" -}}
{{- if or .Values.smtp.existingSecret .Values.smtp.username -}}true{{- end -}}
{{- end -}}

{{/* ConfigMap lines of a service that sends mail. */}}
{{- define "thrift-kingdom.smtpConfig" -}}
{{- if include "thrift-kingdom.sendsMail" . }}
{{- $smtp := .root.Values.smtp }}
{{- if and $smtp.useTls $smtp.useSsl }}{{ fail "smtp.useTls and smtp.useSsl exclude each other (587 with STARTTLS, or 465)" }}{{ end }}
EMAIL_BACKEND: "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST: {{ $smtp.host | quote }}
EMAIL_PORT: {{ int $smtp.port | quote }}
EMAIL_USE_TLS: {{ $smtp.useTls | quote }}
EMAIL_USE_SSL: {{ $smtp.useSsl | quote }}
{{- with $smtp.fromEmail }}
DEFAULT_FROM_EMAIL: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Secret-backed environment of a service that sends mail: the relay's login. */}}
{{- define "thrift-kingdom.smtpEnv" -}}
{{- if and (include "thrift-kingdom.sendsMail" .) (include "thrift-kingdom.smtpLogin" .root) }}
{{- $smtp := .root.Values.smtp }}
{{- $secret := include "thrift-kingdom.smtpSecretName" .root }}
- name: EMAIL_HOST_USER
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ if $smtp.existingSecret }}{{ $smtp.existingSecretUsernameKey }}{{ else }}smtp-username{{ end }}
- name: EMAIL_HOST_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ if $smtp.existingSecret }}{{ $smtp.existingSecretPasswordKey }}{{ else }}smtp-password{{ end }}
{{- end }}
{{- end -}}

{{/* NetworkPolicy egress rule to the relay, for a service that sends mail. */}}
{{- define "thrift-kingdom.smtpEgress" -}}
{{- if include "thrift-kingdom.sendsMail" . }}
{{- $smtp := .root.Values.smtp }}
- {{- with $smtp.egressPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  ports:
    - port: {{ int $smtp.port }}
      protocol: TCP
{{- end }}
{{- end -}}
