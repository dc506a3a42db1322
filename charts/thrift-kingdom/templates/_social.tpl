{{/* Social login (values `socialLogin`): the enabled providers, their Secret, auth's environment. */}}

{{/* The enabled providers' names, as JSON (fromJsonArray). */}}
{{- define "thrift-kingdom.socialProviders" -}}
{{- $enabled := list -}}
{{- range $name := list "kakao" "naver" "google" -}}
{{- if (get $.Values.socialLogin $name).enabled -}}{{- $enabled = append $enabled $name -}}{{- end -}}
{{- end -}}
{{- toJson $enabled -}}
{{- end -}}

{{/* Every host auth must reach for the enabled providers, sorted, as JSON. */}}
{{- define "thrift-kingdom.socialHosts" -}}
{{- $hosts := list -}}
{{- range $name := include "thrift-kingdom.socialProviders" . | fromJsonArray -}}
{{- $hosts = concat $hosts (get $.Values.socialLogin $name).hosts -}}
{{- end -}}
{{- toJson ($hosts | uniq | sortAlpha) -}}
{{- end -}}

{{/* Where redirect URIs start (auth's FRONT_PUBLIC_URL). */}}
{{- define "thrift-kingdom.socialPublicUrl" -}}
{{- .Values.socialLogin.publicUrl | default (printf "%s://%s" (include "thrift-kingdom.scheme" .) (first .Values.hosts)) | trimSuffix "/" -}}
{{- end -}}

{{- define "thrift-kingdom.socialSecretName" -}}
{{- .Values.socialLogin.existingSecret | default (printf "%s-social" (include "thrift-kingdom.fullname" .)) -}}
{{- end -}}

{{/* auth's variables for the enabled providers: ids and secrets from the Secret, the rest plain. */}}
{{- define "thrift-kingdom.socialEnv" -}}
{{- $social := .Values.socialLogin -}}
{{- $providers := include "thrift-kingdom.socialProviders" . | fromJsonArray -}}
{{- if $providers }}
- name: FRONT_PUBLIC_URL
  value: {{ include "thrift-kingdom.socialPublicUrl" . | quote }}
{{- range $name := $providers }}
{{- $upper := upper $name }}
- name: {{ $upper }}_CLIENT_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "thrift-kingdom.socialSecretName" $ }}
      key: {{ $name }}-client-id
- name: {{ $upper }}_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "thrift-kingdom.socialSecretName" $ }}
      key: {{ $name }}-client-secret
{{- with (get $social $name).scope }}
- name: {{ $upper }}_SCOPE
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}
