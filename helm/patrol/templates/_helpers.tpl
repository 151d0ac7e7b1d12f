{{- define "patrol.fullname" -}}
{{- printf "%s-patrol" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "patrol.selectorLabels" -}}
app.kubernetes.io/name: patrol
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "patrol.labels" -}}
{{ include "patrol.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "patrol.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "patrol.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}
